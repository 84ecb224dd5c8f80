package org.isg.warehouse.contracts.tables;

import static java.util.Objects.requireNonNull;

/** A comment in Chinese and English, as JDBC metadata and BI tools show it: {@code 中文 / English}. */
public record Comment(String chinese, String english)
{
    public Comment
    {
        requireNonNull(chinese, "chinese is null");
        requireNonNull(english, "english is null");
    }

    public String text()
    {
        return chinese.isEmpty() ? english : chinese + " / " + english;
    }
}
