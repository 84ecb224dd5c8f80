package org.isg.warehouse.experiments;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The pins of csdid, the Python port of R {@code did}: the tests' oracle and the benchmark's peer,
 * never used by a night. The environment is installed like the project's other Python tools.
 */
public final class DidOracle
{
    /** The name of the environment under the project's cache. */
    public static final String ENVIRONMENT = "did-oracle";

    private DidOracle() {}

    public static String requirements()
    {
        return resource("did-oracle-requirements.txt");
    }

    /** Every transitive package pinned (a {@code pip freeze} of a clean install). */
    public static String constraints()
    {
        return resource("did-oracle-constraints.txt");
    }

    /**
     * The panel in R {@code did}'s long format, as csdid reads it: a header, then one line per
     * observed unit-period with the unit's number, the period, the outcome as Java prints the double
     * (so both sides read the same number) and the first treated period, 0 for never treated.
     */
    public static List<String> longFormat(UnitPanel panel)
    {
        List<String> lines = new ArrayList<>();
        lines.add("unit,period,outcome,first_treated");
        int[] periods = panel.periods();
        for (int unit = 0; unit < panel.unitCount(); unit++) {
            for (int index = 0; index < periods.length; index++) {
                double outcome = panel.outcome(unit, index);
                if (!Double.isNaN(outcome)) {
                    lines.add("%d,%d,%s,%d".formatted(unit + 1, periods[index], Double.toString(outcome), panel.firstTreatedPeriod(unit).orElse(0)));
                }
            }
        }
        return lines;
    }

    /** A resource beside this class (the tests' oracle script is found here too). */
    static String resource(String name)
    {
        try (InputStream stream = DidOracle.class.getResourceAsStream(name)) {
            if (stream == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(stream.readAllBytes(), UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
