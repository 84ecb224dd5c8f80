package org.isg.warehouse.pipeline.gold;

import org.isg.warehouse.contracts.dataset.Dataset;
import org.isg.warehouse.contracts.registry.Base;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.pipeline.ops.DeliveryLedger;
import org.isg.warehouse.pipeline.ops.DeliveryStatus;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * Which (base, period) values of a dataset's indicators gold publishes, and which are M (SPEC §3).
 * Every expected base has a row for every month from its {@code expected_from} (default: the month of
 * the warehouse's first night, its earliest delivered export date) to the cut-off month, whether or
 * not any other base delivered. A month is M when the base has no data at all in it — no accepted
 * delivery exported in it and no record dated in it; a quarter or a year is M when any of its months
 * (from {@code expected_from} to the cut-off month) is. Nothing is published for periods that end
 * before {@code expected_from}.
 */
final class ExpectedPeriods
{
    enum Verdict
    {
        /** Published: computed from the records, or Q with 0 / 0 when the base delivered but has no record of the indicator's period. */
        PUBLISHED,
        /** M: the base has no data at all for a month of the period. */
        MISSING
    }

    record BasePeriod(String baseCode, RefreshPlan.Period period)
    {
        BasePeriod
        {
            requireNonNull(baseCode, "baseCode is null");
            requireNonNull(period, "period is null");
        }
    }

    private final Map<String, YearMonth> expectedFrom;
    private final Map<String, Set<YearMonth>> deliveredMonths;
    private final YearMonth cutoffMonth;

    private ExpectedPeriods(Map<String, YearMonth> expectedFrom, Map<String, Set<YearMonth>> deliveredMonths, YearMonth cutoffMonth)
    {
        this.expectedFrom = Map.copyOf(expectedFrom);
        this.deliveredMonths = Map.copyOf(deliveredMonths);
        this.cutoffMonth = requireNonNull(cutoffMonth, "cutoffMonth is null");
    }

    /**
     * The expected periods of a dataset at a cut-off; empty when nothing was ever delivered, so there
     * is no first night yet.
     *
     * @param deliveries {@code ops.deliveries}; accepted and superseded ones count as delivered
     */
    static Optional<ExpectedPeriods> of(BaseRegistry registry, Dataset dataset, List<DeliveryLedger.Entry> deliveries, LocalDate cutoffDate)
    {
        Optional<LocalDate> firstNight = FirstNight.of(deliveries, cutoffDate);
        if (firstNight.isEmpty()) {
            return Optional.empty();
        }
        Map<String, YearMonth> expectedFrom = new TreeMap<>();
        for (Base base : registry.deliveringBases(dataset)) {
            expectedFrom.put(base.code(), registry.expectedFrom(base).orElse(YearMonth.from(firstNight.get())));
        }
        Map<String, Set<YearMonth>> delivered = new TreeMap<>();
        for (DeliveryLedger.Entry entry : deliveries) {
            if (delivered(entry, cutoffDate) && dataset.tableName().equals(entry.dataset())) {
                delivered.computeIfAbsent(entry.baseCode(), ignored -> new TreeSet<>()).add(YearMonth.from(entry.exportDate()));
            }
        }
        return Optional.of(new ExpectedPeriods(expectedFrom, delivered, YearMonth.from(cutoffDate)));
    }

    /** Whether a delivery counts as delivered by the cut-off: not rejected (accepted, or accepted and superseded), exported by then. */
    static boolean delivered(DeliveryLedger.Entry entry, LocalDate cutoffDate)
    {
        return entry.status() != DeliveryStatus.REJECTED && entry.exportDate() != null && !entry.exportDate().isAfter(cutoffDate);
    }

    /** Every period from the earliest {@code expected_from} to the cut-off month: what a full computation publishes. */
    Set<RefreshPlan.Period> allPeriods()
    {
        Set<RefreshPlan.Period> periods = new TreeSet<>();
        YearMonth earliest = expectedFrom.values().stream().min(YearMonth::compareTo).orElse(cutoffMonth);
        for (YearMonth month = earliest; !month.isAfter(cutoffMonth); month = month.plusMonths(1)) {
            for (PeriodType type : PeriodType.values()) {
                periods.add(new RefreshPlan.Period(type, type.label(month.atDay(1))));
            }
        }
        return periods;
    }

    /**
     * The verdict on each expected base's candidate periods; a period ending before the base's
     * {@code expected_from}, or starting after the cut-off month, has none.
     *
     * @param monthsWithRecords per base, the months in which it has a record dated by the indicators' period column
     */
    Map<BasePeriod, Verdict> verdicts(Collection<RefreshPlan.Period> candidates, Map<String, Set<YearMonth>> monthsWithRecords)
    {
        Map<BasePeriod, Verdict> verdicts = new TreeMap<>((left, right) -> {
            int byBase = left.baseCode().compareTo(right.baseCode());
            return byBase != 0 ? byBase : left.period().compareTo(right.period());
        });
        for (Map.Entry<String, YearMonth> base : expectedFrom.entrySet()) {
            Set<YearMonth> withData = new TreeSet<>(deliveredMonths.getOrDefault(base.getKey(), Set.of()));
            withData.addAll(monthsWithRecords.getOrDefault(base.getKey(), Set.of()));
            for (RefreshPlan.Period period : candidates) {
                List<YearMonth> months = expectedMonths(period, base.getValue());
                if (!months.isEmpty()) {
                    verdicts.put(new BasePeriod(base.getKey(), period), withData.containsAll(months) ? Verdict.PUBLISHED : Verdict.MISSING);
                }
            }
        }
        return verdicts;
    }

    /** The months of the period from the base's expected_from to the cut-off month. */
    private List<YearMonth> expectedMonths(RefreshPlan.Period period, YearMonth from)
    {
        List<YearMonth> months = new ArrayList<>();
        YearMonth last = YearMonth.from(period.type().lastDay(period.label()));
        for (YearMonth month = YearMonth.from(period.type().firstDay(period.label())); !month.isAfter(last); month = month.plusMonths(1)) {
            if (!month.isBefore(from) && !month.isAfter(cutoffMonth)) {
                months.add(month);
            }
        }
        return months;
    }
}
