package org.isg.warehouse.pipeline;

import org.isg.warehouse.contracts.dataset.Dataset;
import org.isg.warehouse.pipeline.ops.DeliveryLedger;
import org.isg.warehouse.pipeline.refine.RefineJob;
import org.isg.warehouse.testing.SharedSpark;
import org.isg.warehouse.testing.TestDeliveries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quarantine holds the broken rows of the deliveries refined, and only those. A refine whose
 * batch breaks no rule skips the quarantine's write unless the quarantine holds rows of that batch
 * (left by a run that died after its quarantine step, under other rules): those it removes.
 */
class QuarantineReplacementTest
{
    // the contract's columns, in its order: what a header must hold
    private static final String HEADER = String.join(",", Dataset.GRID_CASES.contract().columnNames()) + "\n";
    private static final String CLEAN = HEADER + "B,G1,320500001001,PATROL,01-02,2026-11-22 10:00:00,,,,,,REPORTED,0,,,2026-11-22 10:00:00\n";
    // a status the contract does not know
    private static final String BROKEN = HEADER + "X,G1,320500001001,PATROL,01-02,2026-11-20 10:00:00,,,,,,LOST,0,,,2026-11-20 10:00:00\n";

    @TempDir
    Path directory;

    @Test
    void aBatchThatBreaksNoRuleRemovesTheRowsADeadRunLeftOfIt()
            throws Exception
    {
        Path landing = directory.resolve("landing");
        Warehouse warehouse = new Warehouse(SharedSpark.session(), directory.resolve("warehouse").toString());
        NightlyRun run = TestNights.quiet(warehouse);
        TestDeliveries.writeCsv(landing, "grid_cases", "C01", "2026-11-20", "2026-11-21T01:00:00+08:00", BROKEN);
        TestNights.intake(run, landing.toString(), LocalDate.of(2026, 11, 20));
        assertThat(quarantinedDeliveries(warehouse)).singleElement().asString().startsWith("grid_cases/C01/2026-11-20/");

        // Two nights later a delivery is ingested; a row of it sits in the quarantine, as a dead run would have left it
        TestDeliveries.writeCsv(landing, "grid_cases", "C01", "2026-11-22", "2026-11-23T01:00:00+08:00", CLEAN);
        String runId = NightlyRun.newRunId();
        run.runStage(Stage.INGEST, landing.toString(), LocalDate.of(2026, 11, 22), runId);
        String delivery = new DeliveryLedger(warehouse).entries().stream()
                .map(DeliveryLedger.Entry::deliveryId)
                .filter(id -> id.startsWith("grid_cases/C01/2026-11-22/"))
                .findFirst().orElseThrow();
        warehouse.read(Warehouse.SILVER, RefineJob.QUARANTINE_TABLE)
                .withColumn("delivery_id", lit(delivery))
                .withColumn("export_date", lit(java.sql.Date.valueOf("2026-11-22")))
                .write().format("delta").mode("append").save(warehouse.tablePath(Warehouse.SILVER, RefineJob.QUARANTINE_TABLE));
        assertThat(quarantinedDeliveries(warehouse)).hasSize(2);
        // Its refine breaks no rule, and takes the planted row out
        run.runStage(Stage.REFINE, landing.toString(), LocalDate.of(2026, 11, 22), runId);
        assertThat(quarantinedDeliveries(warehouse)).singleElement().asString().startsWith("grid_cases/C01/2026-11-20/");
    }

    private static List<String> quarantinedDeliveries(Warehouse warehouse)
    {
        return warehouse.read(Warehouse.SILVER, RefineJob.QUARANTINE_TABLE).select("delivery_id").collectAsList().stream().map(row -> row.getString(0)).toList();
    }
}
