package org.isg.warehouse.contracts.registry;

public enum BaseType
{
    COMPREHENSIVE,
    FEATURED
}
