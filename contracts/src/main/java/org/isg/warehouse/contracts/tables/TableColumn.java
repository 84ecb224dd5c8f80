package org.isg.warehouse.contracts.tables;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** One column of a warehouse table; a column without a comment is one whose name says it all. */
public record TableColumn(String name, ValueType type, boolean nullable, Optional<Comment> comment)
{
    public TableColumn
    {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(comment, "comment is null");
    }
}
