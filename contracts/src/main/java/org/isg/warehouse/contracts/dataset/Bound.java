package org.isg.warehouse.contracts.dataset;

/**
 * One end of a {@link Rule.Range}. A bound is inclusive.
 */
public sealed interface Bound
        permits Bound.Fixed, Bound.YearOfExport, Bound.Unbounded
{
    <R> R accept(Visitor<R> visitor);

    interface Visitor<R>
    {
        R visitFixed(Fixed fixed);

        R visitYearOfExport(YearOfExport yearOfExport);

        R visitUnbounded(Unbounded unbounded);
    }

    static Bound of(long value)
    {
        return new Fixed(value);
    }

    /** A constant bound. */
    record Fixed(long value)
            implements Bound
    {
        @Override
        public <R> R accept(Visitor<R> visitor)
        {
            return visitor.visitFixed(this);
        }
    }

    /** The calendar year of the delivery's export date: a birth year cannot lie after it. */
    record YearOfExport()
            implements Bound
    {
        @Override
        public <R> R accept(Visitor<R> visitor)
        {
            return visitor.visitYearOfExport(this);
        }
    }

    /** No bound on this side. */
    record Unbounded()
            implements Bound
    {
        @Override
        public <R> R accept(Visitor<R> visitor)
        {
            return visitor.visitUnbounded(this);
        }
    }
}
