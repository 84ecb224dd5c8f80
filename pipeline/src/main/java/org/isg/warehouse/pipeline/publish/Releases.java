package org.isg.warehouse.pipeline.publish;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.isg.warehouse.contracts.tables.Release;
import org.isg.warehouse.contracts.tables.WarehouseTables;
import org.isg.warehouse.contracts.text.SqlLiterals;
import org.isg.warehouse.pipeline.ScalaCollections;
import org.isg.warehouse.pipeline.SparkSchemas;
import org.isg.warehouse.pipeline.Warehouse;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

/**
 * Publications and revisions (issue 16): a release is the Delta version of every gold table at a
 * cut-off, recorded in {@code ops.releases}, so that anything published can be read back exactly
 * ({@code FOR VERSION AS OF} in Trino, {@code versionAsOf} in Spark). The gold tables keep every
 * version readable for {@link #DEFAULT_RETENTION_DAYS} days: their log and deleted-file retention
 * are set to it, so a VACUUM with the table's own retention never removes a release's files.
 * Each new release appends to {@code gold.revisions} the indicator values that changed since the
 * previous release, with the reason.
 */
public final class Releases
{
    public static final String TABLE = WarehouseTables.RELEASES.name();
    public static final String REVISIONS = WarehouseTables.REVISIONS.name();
    /** Longer than a year: last year's releases stay readable through the annual assessment. */
    public static final int DEFAULT_RETENTION_DAYS = 400;
    /** The tables a release consists of. */
    public static final List<String> RELEASED_TABLES = List.of(WarehouseTables.INDICATOR_VALUES.name(), WarehouseTables.BASE_SCORES.name(),
            WarehouseTables.SUBMISSION_QUALITY.name(), WarehouseTables.DQ_REPORT_CARD.name(), WarehouseTables.CONFIDENTIALITY.name(),
            WarehouseTables.EXPERIMENT_PANEL.name(), WarehouseTables.EXPERIMENT_EFFECTS.name());
    static final String LOG_RETENTION = "delta.logRetentionDuration";
    static final String DELETED_FILE_RETENTION = "delta.deletedFileRetentionDuration";

    private final Warehouse warehouse;
    private final int retentionDays;
    private final Consumer<String> progress;

    public Releases(Warehouse warehouse, int retentionDays, Consumer<String> progress)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        if (retentionDays < 1) {
            throw new IllegalArgumentException("retention must be at least one day");
        }
        this.retentionDays = retentionDays;
        this.progress = requireNonNull(progress, "progress is null");
    }

    /**
     * Records the gold tables as they are now as a release of the cut-off; a rerun that finds the
     * latest release of the same cut-off holding the same data (no commit since but maintenance)
     * returns it and records nothing.
     */
    public Release publish(LocalDate cutoffDate, String runId)
    {
        keepVersionsReadable();
        Map<String, Long> versions = releasedTableVersions(warehouse);
        List<Release> releases = releases();
        Optional<Release> previous = releases.isEmpty() ? Optional.empty() : Optional.of(releases.get(releases.size() - 1));
        if (previous.isPresent() && previous.get().cutoffDate().equals(cutoffDate) && warehouse.sameData(previous.get().tableVersions(), versions)) {
            progress.accept("publish: release %s unchanged".formatted(previous.get().releaseId()));
            return previous.get();
        }
        long sameCutoff = releases.stream().filter(release -> release.cutoffDate().equals(cutoffDate)).count();
        Release release = new Release("R%s.%d".formatted(cutoffDate, sameCutoff + 1), cutoffDate, versions);
        long revised = previous.isPresent() ? recordRevisions(previous.get(), release, runId) : 0;
        // The release last: until it is recorded, a rerun recomputes its revisions and replaces them
        org.apache.spark.sql.types.StructType schema = SparkSchemas.of(WarehouseTables.RELEASES);
        Row row = RowFactory.create(release.releaseId(), Date.valueOf(cutoffDate), Timestamp.from(Instant.now()),
                ScalaCollections.map(new LinkedHashMap<>(versions)), retentionDays, runId);
        warehouse.create(Warehouse.OPS, TABLE, warehouse.spark().createDataFrame(List.of(row), schema));
        progress.accept("publish: release %s recorded (%d gold tables), %d values revised since %s".formatted(release.releaseId(), versions.size(), revised,
                previous.map(Release::releaseId).orElse("no earlier release")));
        return release;
    }

    /** The current Delta version of every released gold table that exists, as {@code gold.<table>}: what a release would record now. */
    public static Map<String, Long> releasedTableVersions(Warehouse warehouse)
    {
        Map<String, Long> versions = new TreeMap<>();
        for (String table : RELEASED_TABLES) {
            if (warehouse.exists(Warehouse.GOLD, table)) {
                versions.put(Release.tableKey(table), warehouse.version(Warehouse.GOLD, table));
            }
        }
        return versions;
    }

    /** Every release, oldest first. */
    public List<Release> releases()
    {
        List<Release> releases = new ArrayList<>();
        if (!warehouse.exists(Warehouse.OPS, TABLE)) {
            return releases;
        }
        for (Row row : warehouse.read(Warehouse.OPS, TABLE).orderBy("published_at", "release_id").collectAsList()) {
            Map<String, Long> versions = new TreeMap<>(row.<String, Long>getJavaMap(row.fieldIndex("table_versions")));
            releases.add(new Release(row.getAs("release_id"), row.<Date>getAs("cutoff_date").toLocalDate(), versions));
        }
        return releases;
    }

    public Optional<Release> release(String releaseId)
    {
        return releases().stream().filter(release -> release.releaseId().equals(releaseId)).findFirst();
    }

    /** A gold table exactly as a release published it. */
    public Dataset<Row> read(Release release, String goldTable)
    {
        long version = release.version(goldTable)
                .orElseThrow(() -> new IllegalArgumentException("release %s has no gold.%s".formatted(release.releaseId(), goldTable)));
        return warehouse.read(Warehouse.GOLD, goldTable, version);
    }

    /** Sets each gold table's log and deleted-file retention to the release retention, where it is not already. */
    private void keepVersionsReadable()
    {
        String interval = "interval %d days".formatted(retentionDays);
        for (String table : RELEASED_TABLES) {
            if (!warehouse.exists(Warehouse.GOLD, table)) {
                continue;
            }
            Map<String, String> properties = warehouse.properties(Warehouse.GOLD, table);
            if (!interval.equals(properties.get(LOG_RETENTION)) || !interval.equals(properties.get(DELETED_FILE_RETENTION))) {
                warehouse.spark().sql("ALTER TABLE delta.`%s` SET TBLPROPERTIES (%s = %s, %s = %s)".formatted(warehouse.tablePath(Warehouse.GOLD, table).replace("`", "``"),
                        SqlLiterals.spark(LOG_RETENTION), SqlLiterals.spark(interval), SqlLiterals.spark(DELETED_FILE_RETENTION), SqlLiterals.spark(interval)));
            }
        }
    }

    /**
     * The indicator values of the later release that differ from the earlier one's (a value gained,
     * lost or changed), with the reason: the definition hash changed; more records counted (a late
     * delivery); else a correction. Replaces any earlier attempt at the same release.
     */
    private long recordRevisions(Release earlier, Release later, String runId)
    {
        String table = WarehouseTables.INDICATOR_VALUES.name();
        if (earlier.version(table).isEmpty() || later.version(table).isEmpty()) {
            return 0;
        }
        List<String> keys = List.of("base_code", "indicator_code", "period_type", "period");
        Dataset<Row> before = read(earlier, table).select(col("base_code"), col("indicator_code"), col("period_type"), col("period"), col("value").as("old_value"),
                col("obs_status").as("old_obs_status"), col("denominator").as("old_denominator"), col("definition_hash").as("old_hash"));
        Dataset<Row> after = read(later, table).select(col("base_code"), col("indicator_code"), col("period_type"), col("period"), col("value").as("new_value"),
                col("obs_status").as("new_obs_status"), col("denominator").as("new_denominator"), col("definition_hash").as("new_hash"));
        Column definitionChanged = col("old_hash").isNotNull().and(col("new_hash").isNotNull()).and(col("old_hash").notEqual(col("new_hash")));
        Column moreRecords = coalesce(col("new_denominator"), lit(0.0)).gt(coalesce(col("old_denominator"), lit(0.0)));
        Dataset<Row> revisions = before.join(after, ScalaCollections.seq(keys), "full_outer")
                .where(not(col("old_value").eqNullSafe(col("new_value"))))
                .select(col("base_code"), col("indicator_code"), col("period_type"), col("period"), lit(earlier.releaseId()).as("from_release"),
                        lit(later.releaseId()).as("to_release"), col("old_value"), col("new_value"), col("new_value").minus(col("old_value")).as("revision"),
                        col("old_obs_status"), col("new_obs_status"),
                        when(definitionChanged, lit("DEFINITION_CHANGE")).when(moreRecords, lit("LATE_DELIVERY")).otherwise(lit("CORRECTION")).as("reason"),
                        lit(runId).as("run_id"))
                .coalesce(1)
                .cache();
        try {
            long count = revisions.count();
            warehouse.replaceWhere(Warehouse.GOLD, REVISIONS, revisions, "to_release = " + SqlLiterals.spark(later.releaseId()));
            return count;
        }
        finally {
            revisions.unpersist();
        }
    }
}
