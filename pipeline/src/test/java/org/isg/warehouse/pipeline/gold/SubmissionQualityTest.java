package org.isg.warehouse.pipeline.gold;

import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.pipeline.ops.DeliveryLedger;
import org.isg.warehouse.pipeline.ops.DeliveryStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SubmissionQualityTest
{
    @Test
    void ratesOfOneBaseAndMonthWorkedOutByHand()
    {
        // C01 grid cases, cut-off 2026-11-10: 10 days in scope.
        // Nov 1..8 landed at 01:00 the next morning, except: Nov 3 at 07:30 (late); Nov 4 landed at 09:00 though
        // its manifest claims an export at 01:00 (late: the warehouse goes by the files); Nov 5 rejected;
        // Nov 6 delivered on time, then corrected the next night (the original is superseded).
        // Nov 9 and 10: nothing. Nov 11 is after the cut-off.
        List<DeliveryLedger.Entry> entries = new ArrayList<>();
        for (int day = 1; day <= 8; day++) {
            String landedAt = day == 3 ? "T07:30:00+08:00" : day == 4 ? "T09:00:00+08:00" : "T01:00:00+08:00";
            DeliveryStatus status = day == 5 ? DeliveryStatus.REJECTED : day == 6 ? DeliveryStatus.SUPERSEDED : DeliveryStatus.ACCEPTED;
            entries.add(entry("d" + day, day, "2026-11-%02d%s".formatted(day + 1, landedAt), status, 100, 98));
        }
        entries.add(entry("d6-correction", 6, "2026-11-08T01:00:00+08:00", DeliveryStatus.ACCEPTED, 100, 100));
        // exported after the cut-off: a later night's, not counted in this one
        entries.add(entry("d11", 11, "2026-11-12T01:00:00+08:00", DeliveryStatus.ACCEPTED, 100, 100));
        // another base's delivery does not count for C01
        entries.add(new DeliveryLedger.Entry("other", "grid_cases", "C02", LocalDate.of(2026, 11, 9), Instant.parse("2026-11-09T17:00:00Z"),
                Instant.parse("2026-11-09T17:00:00Z"), "/x",
                DeliveryStatus.ACCEPTED, null, null, 5L, 5L, 0L, null, null, "r", Instant.EPOCH, "r", Instant.EPOCH));

        SubmissionQuality.Row row = SubmissionQuality.compute(BaseRegistry.load(), entries, LocalDate.of(2026, 11, 10)).stream()
                .filter(candidate -> candidate.baseCode().equals("C01") && candidate.dataset().equals("grid_cases"))
                .findFirst().orElseThrow();
        assertThat(row.month()).isEqualTo("2026-11");
        assertThat(row.daysInPeriod()).isEqualTo(10);
        // reported: 1, 2, 3, 4, 6, 7, 8 = 7 of 10
        assertThat(row.daysReported()).isEqualTo(7);
        assertThat(row.reportingRate()).isCloseTo(70.0, within(1e-9));
        // on time: 1, 2, 6 (its original was on time), 7, 8 = 5 of 10
        assertThat(row.daysOnTime()).isEqualTo(5);
        assertThat(row.onTimeRate()).isCloseTo(50.0, within(1e-9));
        // rows of the deliveries currently accepted: days 1, 2, 3, 4, 7, 8 (98 of 100 each) and the correction (100 of 100) = 688 / 700
        assertThat(row.rowsReceived()).isEqualTo(700);
        assertThat(row.rowsAccepted()).isEqualTo(688);
        assertThat(row.validRowRate().getAsDouble()).isCloseTo(100.0 * 688 / 700, within(1e-9));
        // every base expected to deliver a record dataset has a row: 30 grid, 20 eldercare, 25 health, 30 ledger bases, one month
        assertThat(SubmissionQuality.compute(BaseRegistry.load(), entries, LocalDate.of(2026, 11, 10))).hasSize(30 + 20 + 25 + 30);
    }

    @Test
    void monthsStartAtTheFirstNightOfAnAcceptedDeliveryNotOfARejectedOne()
    {
        // C01's first accepted delivery is of November 1st; a rejected folder claims an export date in 2024
        List<DeliveryLedger.Entry> entries = new ArrayList<>();
        entries.add(entry("d1", 1, "2026-11-02T01:00:00+08:00", DeliveryStatus.ACCEPTED, 10, 10));
        entries.add(new DeliveryLedger.Entry("back-dated", "grid_cases", "C02", LocalDate.of(2024, 1, 1), null, Instant.parse("2026-11-02T17:00:00Z"), "/y",
                DeliveryStatus.REJECTED, null, null, null, null, null, null, null, "r", Instant.EPOCH, null, null));

        List<SubmissionQuality.Row> rows = SubmissionQuality.compute(BaseRegistry.load(), entries, LocalDate.of(2026, 11, 10));
        // one month per base and record dataset, as with the accepted delivery alone: not 35 months from January 2024
        assertThat(rows).extracting(SubmissionQuality.Row::month).containsOnly("2026-11");
        assertThat(rows).hasSize(30 + 20 + 25 + 30);
        assertThat(ExpectedPeriods.of(BaseRegistry.load(), org.isg.warehouse.contracts.dataset.Dataset.GRID_CASES, entries, LocalDate.of(2026, 11, 10))
                .orElseThrow().allPeriods()).extracting(period -> period.label()).containsExactlyInAnyOrder("2026-11", "2026-Q4", "2026");
    }

    /** A delivery whose manifest claims an export at 01:00 the next morning, and whose files landed at {@code landedAt}. */
    private static DeliveryLedger.Entry entry(String id, int day, String landedAt, DeliveryStatus status, long received, long accepted)
    {
        return new DeliveryLedger.Entry(id, "grid_cases", "C01", LocalDate.of(2026, 11, day), OffsetDateTime.parse("2026-11-%02dT01:00:00+08:00".formatted(day + 1)).toInstant(),
                OffsetDateTime.parse(landedAt).toInstant(), "/landing/" + id,
                status, null, null, received, status == DeliveryStatus.REJECTED ? null : accepted, status == DeliveryStatus.REJECTED ? null : received - accepted,
                null, null, "run", Instant.EPOCH, "run", Instant.EPOCH);
    }
}
