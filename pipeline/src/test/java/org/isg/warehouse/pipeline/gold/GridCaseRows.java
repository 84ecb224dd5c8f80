package org.isg.warehouse.pipeline.gold;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Grid-case CSV rows for hand-worked gold fixtures: cases registered together, the first ones closed.
 */
final class GridCaseRows
{
    static final String HEADER = "case_id,grid_code,division_code,source,category_code,reported_at,registered_at,dispatched_at,deadline_at,"
            + "handled_at,closed_at,status,rework_count,satisfaction,reporter_id,updated_at\n";
    static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private GridCaseRows() {}

    /**
     * {@code count} cases {@code <prefix>1..<prefix>count} registered at {@code registered}, dispatched an
     * hour later with a 48-hour deadline; the first {@code closed} are closed, case i handled i hours
     * after dispatch and closed an hour after that; the others still DISPATCHED.
     */
    static String cases(String prefix, LocalDateTime registered, int count, int closed)
    {
        StringBuilder csv = new StringBuilder();
        for (int index = 1; index <= count; index++) {
            csv.append(oneCase(prefix + index, registered, index, index <= closed, index <= closed ? LOCAL.format(registered.plusHours(index + 2)) : LOCAL.format(registered.plusHours(1))));
        }
        return csv.toString();
    }

    /** One case as {@link #cases} writes case {@code index}, with its own version timestamp. */
    static String oneCase(String caseId, LocalDateTime registered, int index, boolean closed, String updatedAt)
    {
        LocalDateTime dispatched = registered.plusHours(1);
        String handled = closed ? LOCAL.format(dispatched.plusHours(index)) : "";
        String closedAt = closed ? LOCAL.format(dispatched.plusHours(index + 1)) : "";
        return String.join(",", caseId, "G1", "320500001001", "PATROL", "01-01", LOCAL.format(registered), LOCAL.format(registered),
                LOCAL.format(dispatched), LOCAL.format(dispatched.plusHours(48)), handled, closedAt, closed ? "CLOSED" : "DISPATCHED", "0", "", "", updatedAt) + "\n";
    }
}
