package org.isg.warehouse.experiments;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The grade of one panel's effects against one comparison, with the flags that set it:
 * D when pre-trends fail or nothing was estimated; C for few treated or comparison units, many
 * suppressed cells, or two or more lesser concerns; B for one lesser concern; A otherwise.
 */
public record TrustAssessment(TrustGrade grade, List<TrustFlag> flags)
{
    /** Below this many treated (or comparison) units an average effect rests on too few places. */
    public static final int MINIMUM_UNITS = 5;
    /** Share of a panel's unit-months whose outcome may be suppressed before the effect is thin. */
    public static final double SUPPRESSED_SHARE_LIMIT = 0.2;

    public TrustAssessment
    {
        requireNonNull(grade, "grade is null");
        flags = List.copyOf(flags);
    }

    /**
     * Grades a summary; {@code suppressedCellShare} is the share of the panel's unit-months whose
     * outcome the pipeline suppressed (status Q: too small a denominator), 0 when none.
     */
    public static TrustAssessment assess(EffectSummary summary, double suppressedCellShare)
    {
        requireNonNull(summary, "summary is null");
        Set<TrustFlag> flags = EnumSet.noneOf(TrustFlag.class);
        if (summary.effects().isEmpty()) {
            flags.add(TrustFlag.NO_ESTIMATE);
        }
        if (summary.treatedUnits() < MINIMUM_UNITS) {
            flags.add(TrustFlag.FEW_TREATED_UNITS);
        }
        if (summary.comparisonUnits() < MINIMUM_UNITS) {
            flags.add(TrustFlag.FEW_CONTROL_UNITS);
        }
        if (summary.smallestCohort() == 1) {
            flags.add(TrustFlag.ONE_UNIT_COHORT);
        }
        for (EstimationFlag flag : summary.flags()) {
            switch (flag) {
                case UNBALANCED_PANEL -> flags.add(TrustFlag.UNBALANCED_PANEL);
                case UNITS_TREATED_FROM_THE_FIRST_PERIOD_DROPPED, CELLS_NOT_ESTIMABLE -> flags.add(TrustFlag.UNITS_OR_CELLS_LEFT_OUT);
                case TOO_FEW_PERIODS, NO_NEVER_TREATED_UNITS -> { }
            }
        }
        summary.placebo().filter(PublishedEffect::significant).ifPresent(placebo -> flags.add(TrustFlag.PRE_TRENDS_FAILED));
        if (suppressedCellShare > SUPPRESSED_SHARE_LIMIT) {
            flags.add(TrustFlag.MANY_SUPPRESSED_CELLS);
        }

        int lesser = 0;
        boolean thin = false;
        boolean unusable = false;
        for (TrustFlag flag : flags) {
            switch (flag) {
                case NO_ESTIMATE, PRE_TRENDS_FAILED -> unusable = true;
                case FEW_TREATED_UNITS, FEW_CONTROL_UNITS, MANY_SUPPRESSED_CELLS -> thin = true;
                case ONE_UNIT_COHORT, UNBALANCED_PANEL, UNITS_OR_CELLS_LEFT_OUT -> lesser++;
            }
        }
        TrustGrade grade;
        if (unusable) {
            grade = TrustGrade.D;
        }
        else if (thin || lesser >= 2) {
            grade = TrustGrade.C;
        }
        else if (lesser == 1) {
            grade = TrustGrade.B;
        }
        else {
            grade = TrustGrade.A;
        }
        return new TrustAssessment(grade, new ArrayList<>(flags));
    }
}
