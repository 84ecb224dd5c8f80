package org.isg.warehouse.jobs.ops;

public enum DeliveryStatus
{
    ACCEPTED,
    REJECTED,
    SUPERSEDED
}
