package org.isg.warehouse.experiments;

/**
 * What the check of a base's experiment declaration against its other data found, published beside
 * the effects: a row rule sees one row, so these are checked when the panel is built, where the
 * divisions snapshot, the catalogue and the registry are known.
 */
public enum DeclarationFlag
{
    /** Rows of one experiment disagree on its title, technology, outcomes or unit level: the first row by assignment id is taken. */
    INCONSISTENT_DECLARATION,
    /** A unit is declared twice in one experiment: its first row by assignment id is taken. */
    DUPLICATE_UNITS,
    /** Units that are not divisions of the unit level in the base's divisions snapshot were left out. */
    UNITS_NOT_IN_DIVISIONS,
    /** The outcome is not a code of the indicator catalogue: nothing is estimated. */
    OUTCOME_NOT_IN_CATALOGUE,
    /** The outcome's dataset is not one the base delivers: nothing is estimated. */
    OUTCOME_NOT_DELIVERED,
    /** The outcome is not a rate (catalogue kind RATIO), the only kind v1 estimates at unit level: nothing is estimated. */
    OUTCOME_KIND_NOT_SUPPORTED,
}
