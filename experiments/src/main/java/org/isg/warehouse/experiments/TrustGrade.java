package org.isg.warehouse.experiments;

/**
 * How far an experiment's effect can be trusted, A (best) to D, from the guards an assessor would
 * check first. docs/experiments.md gives the rules and how to read a grade.
 */
public enum TrustGrade
{
    /** Enough treated and comparison units, balanced, parallel pre-trends, outcomes rarely suppressed. */
    A,
    /** One lesser concern: an unbalanced panel, a one-unit cohort, units or cells left out. */
    B,
    /** Thin evidence: few treated or comparison units, many suppressed outcome cells, or several lesser concerns. */
    C,
    /** Not to be read as an effect: pre-trends fail, or there is no estimate. */
    D,
}
