package org.isg.warehouse.pipeline.ops;

public enum DeliveryStatus
{
    ACCEPTED,
    REJECTED,
    SUPERSEDED
}
