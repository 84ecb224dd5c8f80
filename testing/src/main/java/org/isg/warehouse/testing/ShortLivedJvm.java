package org.isg.warehouse.testing;

/**
 * JVM flags for the Spark JVMs a test starts that live about a minute on tiny data (a child night,
 * a stage's driver and executor): the C1 compiler alone. C2 spends more CPU compiling than such a
 * JVM ever gets back; measured on two cores, a child night took the same wall time with a quarter
 * less CPU (63 against 85 CPU-s), and the Airflow night on a cluster 368 against 508 CPU-s
 * (docs/operations.md, "The test suite").
 */
public final class ShortLivedJvm
{
    public static final String FLAGS = "-XX:TieredStopAtLevel=1";

    private ShortLivedJvm() {}
}
