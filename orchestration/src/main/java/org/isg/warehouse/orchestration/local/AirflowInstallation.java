package org.isg.warehouse.orchestration.local;

import org.isg.warehouse.contracts.files.PythonPackages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * The pinned Airflow 3 (a virtual environment from {@code airflow-requirements.txt} under
 * {@code airflow-constraints.txt}) and the Spark distribution its {@code SparkSubmitOperator} calls
 * (the {@code pyspark} wheel of {@code spark-distribution.txt}), both installed by the project from
 * PyPI into its cache on first use.
 *
 * @param environment the virtual environment ({@code bin/airflow}, {@code bin/python})
 * @param sparkHome a Spark binary distribution ({@code bin/spark-submit}, {@code jars/})
 */
public record AirflowInstallation(Path environment, Path sparkHome)
{
    public AirflowInstallation
    {
        requireNonNull(environment, "environment is null");
        requireNonNull(sparkHome, "sparkHome is null");
    }

    public static AirflowInstallation installed(Consumer<String> progress)
    {
        Path environment = PythonPackages.virtualEnvironment("airflow", resource("airflow-requirements.txt"), resource("airflow-constraints.txt"), progress);
        String pyspark = resource("spark-distribution.txt").lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("spark-distribution.txt names no package"));
        Path sparkHome = PythonPackages.packageFiles("pyspark", pyspark, progress).resolve("pyspark");
        return new AirflowInstallation(environment, sparkHome);
    }

    public Path airflow()
    {
        return environment.resolve("bin/airflow");
    }

    public Path python()
    {
        return environment.resolve("bin/python");
    }

    /** The REST API v2 document that the installed Airflow serves, as shipped in its package. */
    public Path restApiDocument()
    {
        return packageFile("airflow/api_fastapi/core_api/openapi/v2-rest-api-generated.yaml");
    }

    /** The simple auth manager's API document ({@code /auth/token}), as shipped in the package. */
    public Path simpleAuthManagerApiDocument()
    {
        return packageFile("airflow/api_fastapi/auth/managers/simple/openapi/v2-simple-auth-manager-generated.yaml");
    }

    private Path packageFile(String relative)
    {
        try (Stream<Path> libraries = Files.list(environment.resolve("lib"))) {
            return libraries.map(library -> library.resolve("site-packages").resolve(relative))
                    .filter(Files::isRegularFile)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("the Airflow environment %s has no %s".formatted(environment, relative)));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A text resource: a name beside this class, or an absolute class-path name. */
    static String resource(String name)
    {
        try (InputStream input = AirflowInstallation.class.getResourceAsStream(name)) {
            if (input == null) {
                throw new IllegalStateException("missing class-path resource " + name + " (looked up from " + AirflowInstallation.class.getName() + ")");
            }
            return new String(input.readAllBytes(), UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
