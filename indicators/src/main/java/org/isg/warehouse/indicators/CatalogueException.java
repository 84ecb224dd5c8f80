package org.isg.warehouse.indicators;

import org.isg.warehouse.contracts.errors.IsgException;
import org.isg.warehouse.contracts.errors.StandardErrorCode;

/**
 * The catalogue cannot be used; the message names the entry and the field.
 */
public class CatalogueException
        extends IsgException
{
    public CatalogueException(String message)
    {
        super(StandardErrorCode.INVALID_CATALOGUE, message);
    }
}
