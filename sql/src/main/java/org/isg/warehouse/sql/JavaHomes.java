package org.isg.warehouse.sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the JDK Trino 476 runs on: 24 or newer, from {@code TRINO_JAVA_HOME} or {@code /usr/lib/jvm}
 * (the warehouse's own jobs run on Java 17).
 */
final class JavaHomes
{
    static final int MINIMUM_FEATURE_VERSION = 24;
    private static final Path SYSTEM_JVMS = Path.of("/usr/lib/jvm");
    private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

    private JavaHomes() {}

    static Path trinoJava()
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
        try (Stream<Path> homes = Files.isDirectory(SYSTEM_JVMS) ? Files.list(SYSTEM_JVMS) : Stream.empty()) {
            Optional<Path> newest = homes.filter(home -> featureVersion(home).isPresent())
                    .peek(home -> seen.add(home.getFileName() + " (Java " + featureVersion(home).orElseThrow() + ")"))
                    .filter(home -> featureVersion(home).orElseThrow() >= MINIMUM_FEATURE_VERSION)
                    .max(Comparator.comparingInt(home -> featureVersion(home).orElseThrow()));
            if (newest.isPresent()) {
                return newest.get().resolve("bin/java");
            }
        }
        catch (IOException e) {
            seen.add("cannot list " + SYSTEM_JVMS + ": " + e.getMessage());
        }
        throw new TrinoException(TrinoException.Code.NO_JDK, "Trino 476 needs a JDK %d or newer: set TRINO_JAVA_HOME, or install one under %s (found: %s)"
                .formatted(MINIMUM_FEATURE_VERSION, SYSTEM_JVMS, seen.isEmpty() ? "none" : String.join(", ", seen)));
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
