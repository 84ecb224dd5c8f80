package org.isg.warehouse.generator;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of the generator's sidecar ({@code <landing>/_generator/injected/...}): a row defect
 * (the rule a delivered line breaks) or a delivery defect (why the whole delivery must be rejected).
 *
 * @param kind {@code ROW} or {@code DELIVERY}
 * @param delivery {@code <dataset>/<base>/<export_date>}, the delivery folder under the landing root
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InjectedDefect(String kind, String delivery, String file, Long line, String rule, String reason)
{
    static InjectedDefect row(String delivery, String file, long line, String rule)
    {
        return new InjectedDefect("ROW", delivery, file, line, rule, null);
    }

    static InjectedDefect delivery(String delivery, String reason)
    {
        return new InjectedDefect("DELIVERY", delivery, null, null, null, reason);
    }
}
