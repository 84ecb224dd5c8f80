package org.isg.warehouse.pipeline;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;

/**
 * Progress lines for people watching a long run: one line per step, with the wall-clock time. They
 * carry counts and names of deliveries and rules, never field values.
 */
public final class Progress
{
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    // China time, like every date the warehouse shows, whatever the machine's zone
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private Progress() {}

    public static Consumer<String> toStandardError()
    {
        return line -> {
            System.err.println("[isg " + TIME.format(LocalTime.now(CHINA)) + "] " + line);
            System.err.flush();
        };
    }
}
