package org.isg.warehouse.testing;

/** The fixed pseudonym key of the tests: pseudonyms are reproducible, and no test reads a real key. */
public final class TestKeys
{
    public static final String PSEUDONYM_KEY = "test-pseudonym-key-000001";

    private TestKeys() {}
}
