package org.isg.warehouse.indicators;

/**
 * The catalogue cannot be used; the message names the entry and the field.
 */
public class CatalogueException
        extends RuntimeException
{
    public CatalogueException(String message)
    {
        super(message);
    }
}
