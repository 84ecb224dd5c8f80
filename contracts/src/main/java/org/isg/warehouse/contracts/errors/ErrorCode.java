package org.isg.warehouse.contracts.errors;

import static java.util.Objects.requireNonNull;

/**
 * A stable error code: a number, a name that appears in {@code ops.runs.error_code} and in the
 * command line's one-line reasons, and the {@link ErrorType} saying who has to act.
 */
public record ErrorCode(int code, String name, ErrorType type)
{
    public ErrorCode
    {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        if (code < 0) {
            throw new IllegalArgumentException("code is negative");
        }
    }

    @Override
    public String toString()
    {
        return name + ":" + code;
    }
}
