package org.isg.warehouse.generator;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * An AI social experiment the generator declares for a base and plants into the records it writes:
 * the outcome is a rate whose records each count in the numerator with a known probability, so the
 * true effect is known in advance. In a unit and month that probability is the base's usual share,
 * plus the unit's own level, plus a swing common to all units, plus {@link #effect()} once the unit
 * is treated, plus {@link #preTrendPerMonth()} per month for every treated unit (the violation of
 * parallel trends a pre-trend test must flag). The outcome rate's true average effect on the treated
 * is therefore {@code effect × 100} percentage points; with a pre-trend the estimate is biased by it.
 * <p>
 * Ten community units per experiment (streets 1 and 2 of the generator's divisions): five treated
 * in two cohorts, going live {@value #FIRST_COHORT_MONTH} and {@value #SECOND_COHORT_MONTH} months
 * into a history of {@value #HISTORY_MONTHS} months before the base's first export, and five
 * controls.
 *
 * @param outcomeCode the catalogue code of the outcome rate
 * @param outcomeDataset the dataset whose records carry the outcome
 * @param units each unit's first treated month; empty for a control unit
 * @param historyFrom the first month of the history written with the base's first export
 */
public record PlantedExperiment(String baseCode, String experimentId, String title, String technology, String outcomeCode, String outcomeDataset,
        SortedMap<String, Optional<YearMonth>> units, YearMonth historyFrom, double effect, double preTrendPerMonth)
{
    /** Months of history before the month of the base's first export. */
    public static final int HISTORY_MONTHS = 12;
    static final int FIRST_COHORT_MONTH = 5;
    static final int SECOND_COHORT_MONTH = 8;
    /** A unit's own level: uniform within ± this share around the base's usual share. */
    private static final double UNIT_SPREAD = 0.05;
    /** The swing every unit shares in a month (a season). */
    private static final double COMMON_SWING = 0.03;
    private static final double MINIMUM_USUAL_SHARE = 0.15;
    private static final double MAXIMUM_USUAL_SHARE = 0.6;

    public PlantedExperiment
    {
        requireNonNull(baseCode, "baseCode is null");
        requireNonNull(experimentId, "experimentId is null");
        requireNonNull(title, "title is null");
        requireNonNull(technology, "technology is null");
        requireNonNull(outcomeCode, "outcomeCode is null");
        requireNonNull(outcomeDataset, "outcomeDataset is null");
        units = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(units, "units is null")));
        requireNonNull(historyFrom, "historyFrom is null");
    }

    /** The true effect on the outcome rate, in percentage points. */
    public double effectPoints()
    {
        return effect * 100;
    }

    public String unitLevel()
    {
        return "COMMUNITY";
    }

    /**
     * The experiments of a base whose first export is {@code firstExport}: C01 tries AI cameras on
     * grid-case discovery (+15 points) and AI-read screenings (no effect); C02 tries AI cameras
     * (+10 points) in communities already on the rise (+1.5 points a month). Other bases run none.
     */
    public static List<PlantedExperiment> of(String baseCode, int baseIndex, LocalDate firstExport)
    {
        YearMonth historyFrom = YearMonth.from(firstExport).minusMonths(HISTORY_MONTHS);
        return switch (baseCode) {
            case "C01" -> List.of(
                    new PlantedExperiment(baseCode, "EXP-AICAM", "AI 摄像头发现网格事件 AI cameras find grid cases", "AI_CAMERA", "GC_AI_DISCOVERY_SHARE", "grid_cases",
                            units(baseIndex, historyFrom), historyFrom, 0.15, 0),
                    new PlantedExperiment(baseCode, "EXP-AISCREEN", "AI 辅助筛查 AI-read screenings", "AI_SCREENING", "HS_AI_ASSISTED_SHARE", "health_screenings",
                            units(baseIndex, historyFrom), historyFrom, 0, 0));
            case "C02" -> List.of(
                    new PlantedExperiment(baseCode, "EXP-AICAM", "AI 摄像头试点 AI camera pilot", "AI_CAMERA", "GC_AI_DISCOVERY_SHARE", "grid_cases",
                            units(baseIndex, historyFrom), historyFrom, 0.10, 0.015));
            default -> List.of();
        };
    }

    private static SortedMap<String, Optional<YearMonth>> units(int baseIndex, YearMonth historyFrom)
    {
        Map<String, Optional<YearMonth>> units = new LinkedHashMap<>();
        YearMonth first = historyFrom.plusMonths(FIRST_COHORT_MONTH);
        YearMonth second = historyFrom.plusMonths(SECOND_COHORT_MONTH);
        // street, community, first treated month (none: control)
        units.put(SampleRecords.divisionCode(baseIndex, 1, 1), Optional.of(first));
        units.put(SampleRecords.divisionCode(baseIndex, 1, 3), Optional.of(first));
        units.put(SampleRecords.divisionCode(baseIndex, 2, 2), Optional.of(first));
        units.put(SampleRecords.divisionCode(baseIndex, 1, 5), Optional.of(second));
        units.put(SampleRecords.divisionCode(baseIndex, 2, 4), Optional.of(second));
        for (String control : List.of(SampleRecords.divisionCode(baseIndex, 1, 2), SampleRecords.divisionCode(baseIndex, 1, 4),
                SampleRecords.divisionCode(baseIndex, 2, 1), SampleRecords.divisionCode(baseIndex, 2, 3), SampleRecords.divisionCode(baseIndex, 2, 5))) {
            units.put(control, Optional.empty());
        }
        return new TreeMap<>(units);
    }

    /** Whether a record of this division counts for the experiment. */
    public boolean covers(String divisionCode)
    {
        return units.containsKey(divisionCode);
    }

    /**
     * The probability that a record of the unit in the month counts in the outcome's numerator.
     *
     * @param usualShare the base's share without the experiment
     */
    double probability(long seed, String divisionCode, LocalDate day, double usualShare)
    {
        YearMonth month = YearMonth.from(day);
        Optional<YearMonth> start = units.get(divisionCode);
        double unitLevel = Randoms.between(Randoms.of(seed, "experiment-unit", baseCode, experimentId, divisionCode), -UNIT_SPREAD, UNIT_SPREAD);
        long monthIndex = ChronoUnit.MONTHS.between(historyFrom, month);
        double swing = COMMON_SWING * Math.sin(2 * Math.PI * monthIndex / 12.0);
        // the usual share kept where no unit, month and effect reaches 2% or 98%: the planted effect stays exact
        double probability = Math.min(MAXIMUM_USUAL_SHARE, Math.max(MINIMUM_USUAL_SHARE, usualShare)) + unitLevel + swing;
        if (start.isPresent()) {
            probability += preTrendPerMonth * monthIndex;
            if (!month.isBefore(start.get())) {
                probability += effect;
            }
        }
        return Math.min(0.98, Math.max(0.02, probability));
    }

    /** The rows of {@code experiment_units} declaring this experiment, as a base delivers them. */
    List<Map<String, String>> declaration()
    {
        List<Map<String, String>> rows = new ArrayList<>();
        units.forEach((division, start) -> {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("assignment_id", experimentId + "/" + division);
            row.put("experiment_id", experimentId);
            row.put("title", title);
            row.put("technology", technology);
            row.put("outcome_codes", outcomeCode);
            row.put("unit_level", unitLevel());
            row.put("division_code", division);
            row.put("arm", start.isPresent() ? "TREATMENT" : "CONTROL");
            row.put("treatment_start", start.map(month -> month.atDay(1).toString()).orElse(null));
            rows.add(row);
        });
        return rows;
    }
}
