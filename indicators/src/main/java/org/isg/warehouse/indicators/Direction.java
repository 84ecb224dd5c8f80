package org.isg.warehouse.indicators;

/**
 * Whether a higher value is better ({@code UP}) or worse ({@code DOWN}).
 */
public enum Direction
{
    UP,
    DOWN
}
