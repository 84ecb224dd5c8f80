package org.isg.warehouse.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./isg run} in a child JVM with the test JVM's flags and class path, on two cores and two
 * shuffle partitions, so a test can kill it or give it a heap of its own.
 */
final class ChildNight
{
    private ChildNight() {}

    /** {@code jvmFlags} come after the inherited ones; an {@code -Xmx} among them replaces the test JVM's. */
    static ProcessBuilder isgRun(Path landing, String warehouse, LocalDate date, String pseudonymKey, List<String> jvmFlags)
    {
        boolean ownHeap = jvmFlags.stream().anyMatch(flag -> flag.startsWith("-Xmx"));
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(argument -> !argument.startsWith("-agentlib") && !(ownHeap && argument.startsWith("-Xmx")))
                .toList());
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.isg.warehouse.cli.IsgCommand",
                "run", "--landing", landing.toString(), "--warehouse", warehouse, "--date", date.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("ISG_PSEUDONYM_KEY", pseudonymKey);
        builder.environment().put("ISG_SPARK_MASTER", "local[2]");
        builder.environment().put("ISG_SHUFFLE_PARTITIONS", "2");
        return builder;
    }
}
