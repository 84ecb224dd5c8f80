package org.isg.warehouse.contracts.landing;

import org.isg.warehouse.contracts.dataset.Dataset;
import org.isg.warehouse.contracts.text.Sha256;

import java.util.regex.Pattern;

/**
 * How the warehouse names what a base named: folder and file names are the base's text, so a
 * table, a message or a log line shows a name only when it has the form the contract expects (a
 * dataset, a base code, a date, {@code part-0001.csv}); any other name is shown as {@code ~} and the
 * first 8 hex digits of its SHA-256, which finds the folder without repeating what the base wrote.
 */
public final class LandingNames
{
    private static final Pattern BASE_CODE = Pattern.compile("[A-Z]{1,2}[0-9]{2}");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Pattern FILE = Pattern.compile("part-[0-9]{1,6}\\.(csv|jsonl)");

    private LandingNames() {}

    public static String dataset(String name)
    {
        return Dataset.fromName(name).isPresent() ? name : hashed(name);
    }

    public static String baseCode(String name)
    {
        return shown(name, BASE_CODE);
    }

    public static String exportDate(String name)
    {
        return shown(name, DATE);
    }

    /** A data file by its name when it has the usual form, else by its position in the manifest's {@code files}. */
    public static String file(int index, String name)
    {
        return FILE.matcher(name).matches() ? name : "files[%d]".formatted(index);
    }

    /** The name when it matches the expected form, else {@code ~} and 8 hex digits of its SHA-256. */
    public static String shown(String name, Pattern expected)
    {
        return expected.matcher(name).matches() ? name : hashed(name);
    }

    private static String hashed(String name)
    {
        return "~" + Sha256.hex(name).substring(0, 8);
    }
}
