package org.isg.warehouse.pipeline.gold;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.isg.warehouse.contracts.registry.Base;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.contracts.tables.WarehouseTables;
import org.isg.warehouse.contracts.text.Sha256;
import org.isg.warehouse.indicators.Indicator;
import org.isg.warehouse.indicators.IndicatorCatalogue;
import org.isg.warehouse.indicators.disclosure.DisclosurePolicy;
import org.isg.warehouse.pipeline.ScalaCollections;
import org.isg.warehouse.pipeline.SparkSchemas;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.pipeline.ops.DeliveryLedger;
import org.isg.warehouse.pipeline.publish.Releases;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * What the indicators stage read and wrote when it last finished ({@code ops.gold_inputs}), so that a
 * night whose inputs are all unchanged skips the stage (issue 14: a rerun with nothing new).
 * <p>
 * The stage's inputs are the cut-off date, the silver tables, {@code ops.deliveries} (expected
 * periods, first nights, submission quality) and the reference tables, each at its Delta version,
 * and the definitions in force: the catalogue's definition hashes, the registry, the disclosure
 * policy and the pipeline's version. Its outputs are the gold tables at the versions it left. The
 * stage is skipped only when every input and every output is as recorded: a gold table changed or
 * restored since (by hand, by a rebuild that died half-way) makes the stage run. The row is
 * written after the stage's last write, so a crash before it leaves the next night to run the stage.
 */
public final class GoldInputs
{
    public static final String TABLE = WarehouseTables.GOLD_INPUTS.name();

    private final Warehouse warehouse;

    public GoldInputs(Warehouse warehouse)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
    }

    /** The stage's inputs and outputs at one moment. */
    public record State(LocalDate cutoffDate, String definitionsFingerprint, Map<String, Long> inputVersions, Map<String, Long> goldVersions)
    {
        public State
        {
            requireNonNull(cutoffDate, "cutoffDate is null");
            requireNonNull(definitionsFingerprint, "definitionsFingerprint is null");
            inputVersions = Map.copyOf(requireNonNull(inputVersions, "inputVersions is null"));
            goldVersions = Map.copyOf(requireNonNull(goldVersions, "goldVersions is null"));
        }
    }

    /** The inputs and the gold tables as they are now. */
    public State current(LocalDate cutoffDate, IndicatorCatalogue catalogue, BaseRegistry registry, DisclosurePolicy policy)
    {
        Map<String, Long> inputs = new TreeMap<>();
        versions(Warehouse.SILVER, inputs);
        versions(Warehouse.REF, inputs);
        if (warehouse.exists(Warehouse.OPS, DeliveryLedger.TABLE)) {
            inputs.put(Warehouse.OPS + "." + DeliveryLedger.TABLE, warehouse.version(Warehouse.OPS, DeliveryLedger.TABLE));
        }
        // the stage's own tables are those a release consists of; gold.revisions is the publish stage's
        return new State(cutoffDate, definitionsFingerprint(catalogue, registry, policy), inputs, Releases.releasedTableVersions(warehouse));
    }

    /** The state the last finished stage recorded, if any. */
    Optional<State> recorded()
    {
        if (!warehouse.exists(Warehouse.OPS, TABLE)) {
            return Optional.empty();
        }
        List<Row> rows = warehouse.read(Warehouse.OPS, TABLE).collectAsList();
        if (rows.size() != 1) {
            return Optional.empty();
        }
        Row row = rows.get(0);
        return Optional.of(new State(row.<Date>getAs("cutoff_date").toLocalDate(), row.getAs("definitions_fingerprint"),
                new TreeMap<>(row.<String, Long>getJavaMap(row.fieldIndex("input_versions"))),
                new TreeMap<>(row.<String, Long>getJavaMap(row.fieldIndex("gold_versions")))));
    }

    /**
     * Whether the stage would read and find what it read and left when it last finished: the same
     * cut-off and definitions, and no table changed since but by maintenance commits.
     */
    public boolean unchangedSinceRecorded(State now)
    {
        Optional<State> recorded = recorded();
        return recorded.isPresent()
                && recorded.get().cutoffDate().equals(now.cutoffDate())
                && recorded.get().definitionsFingerprint().equals(now.definitionsFingerprint())
                && warehouse.sameData(recorded.get().inputVersions(), now.inputVersions())
                && warehouse.sameData(recorded.get().goldVersions(), now.goldVersions());
    }

    /** Records what a finished stage read and left; written only when it differs from the stored row. */
    public void record(State state, String runId)
    {
        Row row = RowFactory.create(Date.valueOf(state.cutoffDate()), state.definitionsFingerprint(), ScalaCollections.map(new TreeMap<>(state.inputVersions())),
                ScalaCollections.map(new TreeMap<>(state.goldVersions())), runId, Timestamp.from(Instant.now()));
        warehouse.overwriteIfChanged(Warehouse.OPS, TABLE, warehouse.spark().createDataFrame(List.of(row), SparkSchemas.of(WarehouseTables.GOLD_INPUTS)),
                Set.of("run_id", "recorded_at"));
    }

    private void versions(String schema, Map<String, Long> versions)
    {
        for (String table : warehouse.tables(schema)) {
            versions.put(schema + "." + table, warehouse.version(schema, table));
        }
    }

    /**
     * The definitions a value depends on besides the data. The pipeline's version stands for the
     * code: a new release of the jar recomputes once; a changed definition in a development build is
     * applied with {@code ./isg rebuild-gold}.
     */
    public static String definitionsFingerprint(IndicatorCatalogue catalogue, BaseRegistry registry, DisclosurePolicy policy)
    {
        StringBuilder text = new StringBuilder();
        text.append("catalogue ").append(catalogue.version()).append('\n');
        for (Indicator indicator : catalogue.indicators()) {
            text.append(indicator.code()).append(' ').append(indicator.definitionHash()).append('\n');
        }
        for (Base base : registry.bases()) {
            // the registry's order and sorted sets: the same registry gives the same text in every JVM
            text.append(base.code()).append(' ').append(base).append(' ').append(new TreeSet<>(registry.expectedDatasets(base)))
                    .append(' ').append(registry.expectedFrom(base)).append('\n');
        }
        text.append("disclosure ").append(policy.version()).append(' ').append(policy.minimumCount()).append(' ').append(new TreeSet<>(policy.datasets()))
                .append(' ').append(policy.protectComplement()).append('\n');
        text.append("pipeline ").append(Optional.ofNullable(GoldInputs.class.getPackage().getImplementationVersion()).orElse("development")).append('\n');
        return Sha256.hex(text.toString());
    }
}
