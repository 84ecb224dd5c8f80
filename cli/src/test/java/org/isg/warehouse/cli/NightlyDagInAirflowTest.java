package org.isg.warehouse.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.isg.warehouse.orchestration.airflow.NightlyDag;
import org.isg.warehouse.orchestration.local.AirflowInstallation;
import org.isg.warehouse.pipeline.PipelineCommand;
import org.isg.warehouse.pipeline.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The nightly DAG as the pinned Airflow 3 itself loads it (a {@code DagBag}, the scheduler's
 * timetable, Jinja templates rendered for a run): no import errors, one task per {@link Stage} in
 * the pipeline's order, 02:00 China time, and the night derived from the data interval as the Java
 * client assumes ({@link NightlyDag#logicalDate}).
 */
class NightlyDagInAirflowTest
{
    // Probes and the runs they lead to, worked out by hand: China is UTC+8 all year
    // 20:00 China on 23 November: the next run is 02:00 China on the 24th (18:00Z on the 23rd), for the night of the 23rd
    private static final String EVENING = "2026-11-23T12:00:00Z";
    // Exactly at that run's time: the next one is a day later, for the night of the 24th
    private static final String AT_RUN_TIME = "2026-11-23T18:00:00Z";
    // 03:00 China on 1 December: the next run is 02:00 China on 2 December, for the night of 1 December
    private static final String NEW_MONTH = "2026-11-30T19:00:00Z";

    @TempDir
    static Path directory;

    private static JsonNode report;

    @BeforeAll
    static void loadTheDagInAirflow()
            throws Exception
    {
        AirflowInstallation airflow = AirflowInstallation.installed(System.out::println);
        Path dags = Path.of(System.getProperty("isg.repository.root"), "orchestration", "dags");
        Path script = directory.resolve("dag_report.py");
        try (InputStream input = NightlyDagInAirflowTest.class.getResourceAsStream("dag_report.py")) {
            Files.write(script, input.readAllBytes());
        }
        ProcessBuilder builder = new ProcessBuilder(airflow.python().toString(), script.toString(), dags.toString(), NightlyDag.DAG_ID, EVENING, AT_RUN_TIME, NEW_MONTH)
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("AIRFLOW") || name.startsWith("ISG_AIRFLOW"));
        builder.environment().put("AIRFLOW_HOME", Files.createDirectories(directory.resolve("airflow-home")).toString());
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process python = builder.start();
        String output = new String(python.getInputStream().readAllBytes(), UTF_8);
        assertThat(python.waitFor()).as(output).isZero();
        String line = output.lines().filter(text -> text.startsWith("ISG-DAG-REPORT ")).findFirst().orElseThrow(() -> new AssertionError("no report in:\n" + output));
        report = new ObjectMapper().readTree(line.substring("ISG-DAG-REPORT ".length()));
    }

    @Test
    void airflowLoadsTheDagWithoutErrors()
    {
        assertThat(report.path("import_errors").size()).as(report.path("import_errors").toString()).isZero();
        assertThat(texts(report.path("dag_ids"))).containsExactly(NightlyDag.DAG_ID);
    }

    @Test
    void oneSparkSubmitTaskPerStageInThePipelinesOrder()
    {
        List<String> stages = Arrays.stream(Stage.values()).map(Stage::taskName).toList();
        assertThat(texts(report.path("task_order"))).isEqualTo(stages);
        for (int index = 0; index < stages.size(); index++) {
            String stage = stages.get(index);
            assertThat(texts(report.path("upstream").path(stage))).as("upstream of %s", stage)
                    .isEqualTo(index == 0 ? List.of() : List.of(stages.get(index - 1)));
            assertThat(report.path("operators").path(stage).asText()).isEqualTo("SparkSubmitOperator");
            assertThat(report.path("java_class").path(stage).asText()).isEqualTo(PipelineCommand.class.getName());
            assertThat(report.path("conn_id").path(stage).asText()).isEqualTo("spark_default");
            assertThat(report.path("application").path(stage).asText()).isEqualTo("/jar");
            // Without ISG_AIRFLOW_TASK_RETRIES a failed stage is retried twice
            assertThat(report.path("retries").path(stage).asInt()).isEqualTo(2);
            assertThat(texts(report.path("outlets").path(stage))).as("assets updated by %s", stage)
                    .isEqualTo(stage.equals("indicators") ? NightlyDag.GOLD_ASSET_URIS : List.of());
        }
    }

    @Test
    void runsAt2InChinaOneAtATimeWithoutCatchingUp()
    {
        assertThat(report.path("timetable").asText()).isEqualTo("CronTriggerTimetable");
        assertThat(report.path("cron").asText()).isEqualTo("0 2 * * *");
        assertThat(report.path("timezone").asText()).isEqualTo("Asia/Shanghai");
        assertThat(report.path("max_active_runs").asInt()).isEqualTo(1);
        assertThat(report.path("catchup").asBoolean()).isFalse();
    }

    @Test
    void eachRunProcessesThePreviousChinaDayAtTheLogicalDateTheClientUses()
    {
        Map<String, LocalDate> expectedNights = new LinkedHashMap<>();
        expectedNights.put(EVENING, LocalDate.of(2026, 11, 23));
        expectedNights.put(AT_RUN_TIME, LocalDate.of(2026, 11, 24));
        expectedNights.put(NEW_MONTH, LocalDate.of(2026, 12, 1));
        assertThat(report.path("runs").size()).isEqualTo(expectedNights.size());
        for (JsonNode run : report.path("runs")) {
            LocalDate night = expectedNights.get(run.path("after").asText());
            assertThat(java.time.Instant.parse(run.path("run_after").asText().replace("+00:00", "Z"))).as("run after %s", run.path("after").asText())
                    .isEqualTo(NightlyDag.logicalDate(night));
            for (Stage stage : Stage.values()) {
                assertThat(texts(run.path("arguments").path(stage.taskName()))).as("%s after %s", stage.taskName(), run.path("after").asText())
                        .containsExactly("stage", stage.taskName(), "--landing", "/landing", "--warehouse", "/warehouse", "--date", night.toString(),
                                "--run-id", "probe_run", "--key-file", "/key");
                // Only publish gets the configured Trino, in its environment; unset variables render empty
                Map<String, String> publishEnvironment = new LinkedHashMap<>();
                if (stage == Stage.PUBLISH) {
                    publishEnvironment.put("ISG_TRINO_URL", "jdbc:trino://trino:8443/isg?SSL=true");
                    publishEnvironment.put("ISG_TRINO_USER", "");
                    publishEnvironment.put("ISG_TRINO_PASSWORD", "secret");
                    publishEnvironment.put("ISG_TRINO_TRUSTSTORE", "");
                    publishEnvironment.put("ISG_TRINO_TRUSTSTORE_PASSWORD", "");
                }
                assertThat(new ObjectMapper().convertValue(run.path("environment").path(stage.taskName()), new TypeReference<Map<String, Object>>() {})).as("environment of %s", stage.taskName())
                        .isEqualTo(publishEnvironment);
            }
        }
    }

    private static List<String> texts(JsonNode array)
    {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }
}
