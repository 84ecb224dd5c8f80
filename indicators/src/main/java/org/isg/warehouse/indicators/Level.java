package org.isg.warehouse.indicators;

/**
 * The three levels of impact of the 2025 guideline, §三: individuals, organisations, society and government.
 */
public enum Level
{
    MICRO,
    MESO,
    MACRO
}
