package org.isg.warehouse.pipeline;

import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.pipeline.privacy.Pseudonymizer;
import org.isg.warehouse.testing.TestKeys;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A nightly run for tests: the real registry, a fixed test pseudonym key, no progress output.
 */
public final class TestNights
{
    public static final String KEY = TestKeys.PSEUDONYM_KEY;

    private TestNights() {}

    public static NightlyRun quiet(Warehouse warehouse)
    {
        return new NightlyRun(warehouse, BaseRegistry.load(), new Pseudonymizer(KEY.getBytes(UTF_8)), line -> { });
    }
}
