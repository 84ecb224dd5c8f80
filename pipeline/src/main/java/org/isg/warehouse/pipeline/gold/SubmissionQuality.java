package org.isg.warehouse.pipeline.gold;

import org.isg.warehouse.contracts.dataset.Dataset;
import org.isg.warehouse.contracts.registry.Base;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.pipeline.ops.DeliveryLedger;
import org.isg.warehouse.pipeline.ops.DeliveryStatus;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * {@code gold.submission_quality} (SPEC §4, last paragraph): per base expected to deliver a record
 * dataset, and per month from the base's {@code expected_from} (default: the month of the
 * warehouse's {@link FirstNight}) to the cut-off month,
 * <ul>
 * <li>reporting rate: days with an accepted delivery (still accepted, or accepted and later
 * superseded by a correction) / days of the month up to the cut-off;</li>
 * <li>on-time rate: days with such a delivery whose files reached the landing before 06:00 China
 * time the next morning (their last-modified time, {@code landed_at}; the base's own
 * {@code exported_at} is kept beside it but not trusted) / the same days of the month;</li>
 * <li>valid-row rate: accepted rows / received rows over the deliveries currently accepted.</li>
 * </ul>
 * Rejected deliveries count in none of them: a rejected day is a day not reported. Divisions, a
 * monthly snapshot, is left out of the daily rates.
 */
public final class SubmissionQuality
{
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final int ON_TIME_HOUR = 6;

    private SubmissionQuality() {}

    public record Row(
            String baseCode,
            String cohort,
            String dataset,
            String month,
            int daysInPeriod,
            int daysReported,
            int daysOnTime,
            long rowsReceived,
            long rowsAccepted)
    {
        public Row
        {
            requireNonNull(baseCode, "baseCode is null");
            requireNonNull(cohort, "cohort is null");
            requireNonNull(dataset, "dataset is null");
            requireNonNull(month, "month is null");
        }

        public double reportingRate()
        {
            return 100.0 * daysReported / daysInPeriod;
        }

        public double onTimeRate()
        {
            return 100.0 * daysOnTime / daysInPeriod;
        }

        /** Empty when nothing was received. */
        public OptionalDouble validRowRate()
        {
            return rowsReceived == 0 ? OptionalDouble.empty() : OptionalDouble.of(100.0 * rowsAccepted / rowsReceived);
        }
    }

    public static List<Row> compute(BaseRegistry registry, List<DeliveryLedger.Entry> entries, LocalDate cutoffDate)
    {
        Optional<LocalDate> first = FirstNight.of(entries, cutoffDate);
        if (first.isEmpty()) {
            return List.of();
        }
        // The entries that count, by base, dataset and month of their export date: one pass over the ledger,
        // which holds a delivery per base, dataset and day of the warehouse's whole history
        Map<MonthOfDataset, List<DeliveryLedger.Entry>> counted = new HashMap<>();
        for (DeliveryLedger.Entry entry : entries) {
            if (entry.exportDate() != null && entry.status() != DeliveryStatus.REJECTED && !entry.exportDate().isAfter(cutoffDate)) {
                counted.computeIfAbsent(new MonthOfDataset(entry.baseCode(), entry.dataset(), YearMonth.from(entry.exportDate())), ignored -> new ArrayList<>()).add(entry);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Dataset dataset : Dataset.values()) {
            if (dataset.contract().snapshot()) {
                continue;
            }
            for (Base base : registry.deliveringBases(dataset)) {
                YearMonth from = registry.expectedFrom(base).orElse(YearMonth.from(first.get()));
                for (YearMonth month = from; !month.isAfter(YearMonth.from(cutoffDate)); month = month.plusMonths(1)) {
                    rows.add(row(base, dataset, month, counted.getOrDefault(new MonthOfDataset(base.code(), dataset.tableName(), month), List.of()), cutoffDate));
                }
            }
        }
        return rows;
    }

    private record MonthOfDataset(String baseCode, String dataset, YearMonth month) {}

    /** One row from the base's entries of the dataset exported in the month, up to the cut-off, rejected ones left out. */
    private static Row row(Base base, Dataset dataset, YearMonth month, List<DeliveryLedger.Entry> entries, LocalDate cutoffDate)
    {
        LocalDate lastDay = month.atEndOfMonth().isAfter(cutoffDate) ? cutoffDate : month.atEndOfMonth();
        Set<LocalDate> reported = new HashSet<>();
        Set<LocalDate> onTime = new HashSet<>();
        long received = 0;
        long accepted = 0;
        for (DeliveryLedger.Entry entry : entries) {
            reported.add(entry.exportDate());
            Instant deadline = entry.exportDate().plusDays(1).atTime(ON_TIME_HOUR, 0).atZone(CHINA).toInstant();
            // by when the warehouse saw the files, not the exported_at the base declares (SPEC §4.1)
            if (entry.landedAt() != null && entry.landedAt().isBefore(deadline)) {
                onTime.add(entry.exportDate());
            }
            if (entry.status() == DeliveryStatus.ACCEPTED && entry.receivedRows() != null && entry.acceptedRows() != null) {
                received += entry.receivedRows();
                accepted += entry.acceptedRows();
            }
        }
        return new Row(base.code(), base.cohort(), dataset.tableName(), month.toString(), lastDay.getDayOfMonth(), reported.size(), onTime.size(), received, accepted);
    }
}
