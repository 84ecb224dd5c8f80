package org.isg.warehouse.jobs;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import org.isg.warehouse.jobs.cli.IsgCommand;
import org.isg.warehouse.orchestration.airflow.NightlyDag;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Airflow DAG and the Java pipeline have one stage list: the DAG's {@code STAGES} (read with
 * python3's {@code ast}, no Airflow needed) equals {@link Stage}'s task names in order, and the
 * DAG keeps its scheduling promises (02:00 China time, one run at a time, retries).
 */
class DagStagesTest
{
    private static final String READ_DAG = """
            import ast, json, sys
            tree = ast.parse(open(sys.argv[1], encoding="utf-8").read())
            found = {}
            for node in ast.walk(tree):
                if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id in ("STAGES", "CHINA") for t in node.targets):
                    found[node.targets[0].id] = ast.unparse(node.value)
                if isinstance(node, ast.With):
                    for item in node.items:
                        call = item.context_expr
                        if isinstance(call, ast.Call) and getattr(call.func, "id", "") == "DAG":
                            for keyword in call.keywords:
                                found["DAG." + keyword.arg] = ast.unparse(keyword.value)
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "SparkSubmitOperator":
                    found.setdefault("operators", 0)
                    found["operators"] += 1
                    for keyword in node.keywords:
                        found["SparkSubmitOperator." + keyword.arg] = ast.unparse(keyword.value)
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Asset":
                    found.setdefault("asset_uris", []).extend(ast.literal_eval(k.value) for k in node.keywords if k.arg == "uri")
            found["STAGES"] = ast.literal_eval(found["STAGES"])
            print(json.dumps(found))
            """;

    @Test
    void theDagRunsTheJavaPipelinesStagesInOrder()
            throws Exception
    {
        Path dag = Path.of(System.getProperty("isg.repository.root"), "orchestration", "dags", "isg_nightly.py");
        assertThat(dag).exists();
        Process python = new ProcessBuilder("python3", "-c", READ_DAG, dag.toString()).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), UTF_8).strip();
        assertThat(python.waitFor()).as(output).isZero();
        com.fasterxml.jackson.databind.JsonNode found = new com.fasterxml.jackson.databind.ObjectMapper().readTree(output);

        List<String> dagStages = new java.util.ArrayList<>();
        found.path("STAGES").forEach(stage -> dagStages.add(stage.asText()));
        assertThat(dagStages).isEqualTo(Arrays.stream(Stage.values()).map(Stage::taskName).toList());
        // One task per stage, created in the loop over STAGES
        assertThat(found.path("operators").asInt()).isEqualTo(1);
        assertThat(Files.readString(dag, UTF_8)).contains("for stage in STAGES:").contains("previous >> task");

        assertThat(found.path("DAG.schedule").asText()).isEqualTo("'0 2 * * *'");
        assertThat(found.path("CHINA").asText()).isEqualTo("pendulum.timezone('Asia/Shanghai')");
        assertThat(found.path("DAG.max_active_runs").asText()).isEqualTo("1");
        assertThat(found.path("DAG.default_args").asText()).contains("'retries': 2");

        // What the Airflow client and the application jar assume about the DAG
        assertThat(found.path("DAG.dag_id").asText()).isEqualTo("'" + NightlyDag.DAG_ID + "'");
        List<String> assetUris = new java.util.ArrayList<>();
        found.path("asset_uris").forEach(uri -> assetUris.add(uri.asText()));
        assertThat(assetUris).isEqualTo(NightlyDag.GOLD_ASSET_URIS);
        assertThat(found.path("SparkSubmitOperator.java_class").asText()).isEqualTo("'" + IsgCommand.class.getName() + "'");
    }
}
