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

    /** The bound's value for a delivery exported on the given date; empty when unbounded. */
    default java.util.OptionalLong valueFor(java.time.LocalDate exportDate)
    {
        return accept(new Visitor<>()
        {
            @Override
            public java.util.OptionalLong visitFixed(Fixed fixed)
            {
                return java.util.OptionalLong.of(fixed.value());
            }

            @Override
            public java.util.OptionalLong visitYearOfExport(YearOfExport yearOfExport)
            {
                return java.util.OptionalLong.of(exportDate.getYear());
            }

            @Override
            public java.util.OptionalLong visitUnbounded(Unbounded unbounded)
            {
                return java.util.OptionalLong.empty();
            }
        });
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
