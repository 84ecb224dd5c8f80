package org.isg.warehouse.pipeline;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The thin application jar against a Spark installation: every runtime jar is either provided by
 * the cluster or bundled in the application jar, never both; and of our own code it holds the
 * pipeline and what the pipeline uses, nothing of the command line. The night itself runs on a real
 * standalone cluster under Airflow in the command line's {@code AirflowNightIT}.
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

    @Test
    void theApplicationJarHoldsThePipelineAndNoCommandLineGeneratorAirflowClientOrBenchmark()
            throws Exception
    {
        try (JarFile applicationJar = new JarFile(System.getProperty("isg.application.jar"))) {
            List<String> ourClasses = applicationJar.stream().map(ZipEntry::getName)
                    .filter(name -> name.startsWith("org/isg/warehouse/") && name.endsWith(".class"))
                    .toList();
            assertThat(ourClasses)
                    .contains("org/isg/warehouse/pipeline/PipelineCommand.class", "org/isg/warehouse/pipeline/NightlyRun.class",
                            "org/isg/warehouse/quality/RowRuleVerifier.class", "org/isg/warehouse/contracts/dataset/Rule.class",
                            "org/isg/warehouse/indicators/IndicatorCatalogue.class", "org/isg/warehouse/sql/Publisher.class")
                    .noneMatch(name -> name.startsWith("org/isg/warehouse/cli/"))
                    .noneMatch(name -> name.startsWith("org/isg/warehouse/generator/"))
                    .noneMatch(name -> name.startsWith("org/isg/warehouse/orchestration/"))
                    .noneMatch(name -> name.startsWith("org/isg/warehouse/testing/"))
                    .noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).contains("benchmark"));
            assertThat(applicationJar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(PipelineCommand.class.getName());
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
