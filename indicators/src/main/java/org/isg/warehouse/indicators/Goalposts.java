package org.isg.warehouse.indicators;

/**
 * The values scored 0 and 100 in the performance score (SPEC §5).
 */
public record Goalposts(double scoreZero, double scoreHundred) {}
