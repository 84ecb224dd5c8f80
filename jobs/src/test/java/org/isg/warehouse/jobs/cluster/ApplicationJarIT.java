package org.isg.warehouse.jobs.cluster;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The thin application jar against a Spark installation: every runtime jar is either provided by
 * the cluster or bundled in the application jar, never both. The night itself runs on a real
 * standalone cluster under Airflow in {@link AirflowNightIT}.
 *
 * <p>Needs the packaged jar, so it runs in Maven's integration-test phase (failsafe), after package.
 */
class ApplicationJarIT
{
    @Test
    void theApplicationJarHoldsWhatTheClusterLacksAndNothingItHas()
            throws Exception
    {
        Set<String> distribution = classpath("isg.spark.distribution.classpath");
        Set<String> runtime = classpath("isg.runtime.classpath");
        assertThat(runtime).containsAll(distribution);
        try (ZipFile applicationJar = new ZipFile(System.getProperty("isg.application.jar"))) {
            for (String jar : runtime) {
                Optional<String> someClass = someClass(Path.of(jar));
                if (someClass.isEmpty()) {
                    continue;
                }
                boolean bundled = applicationJar.getEntry(someClass.get()) != null;
                // Every runtime jar is either provided by the cluster or bundled, never both
                assertThat(bundled).as("%s (%s) bundled", jar, someClass.get()).isEqualTo(!distribution.contains(jar));
            }
        }
    }

    private static Set<String> classpath(String property)
            throws java.io.IOException
    {
        return Set.of(Files.readString(Path.of(System.getProperty(property)), UTF_8).strip().split(java.io.File.pathSeparator));
    }

    /** One class file of a jar or classes folder, as a jar entry name; empty when it has none. */
    private static Optional<String> someClass(Path jarOrFolder)
            throws java.io.IOException
    {
        if (Files.isDirectory(jarOrFolder)) {
            try (Stream<Path> files = Files.walk(jarOrFolder)) {
                return files.filter(file -> file.toString().endsWith(".class"))
                        .map(file -> jarOrFolder.relativize(file).toString()).findFirst();
            }
        }
        try (ZipFile jar = new ZipFile(jarOrFolder.toFile())) {
            return jar.stream().map(ZipEntry::getName)
                    .filter(name -> name.endsWith(".class") && !name.startsWith("META-INF/") && !name.equals("module-info.class"))
                    .findFirst();
        }
    }
}
