package org.isg.warehouse.experiments;

/**
 * The joint Wald test that every pre-treatment ATT(g, t) is zero (R {@code did}'s {@code W} and
 * {@code Wpval}), with the influence-function covariance of those cells.
 */
public record PreTrendTest(double statistic, int degreesOfFreedom, double pValue) {}
