package org.isg.warehouse.experiments;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

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

    private static String resource(String name)
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
