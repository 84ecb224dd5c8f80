package org.isg.warehouse.pipeline.ingest;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.isg.warehouse.contracts.dataset.DatasetContract;
import org.isg.warehouse.contracts.landing.DeliveredRecord;
import org.isg.warehouse.contracts.landing.DeliveryRejectedException;
import org.isg.warehouse.contracts.landing.FileFormat;
import org.isg.warehouse.contracts.landing.RecordReader;
import org.isg.warehouse.contracts.tables.WarehouseTables;
import org.isg.warehouse.contracts.text.SqlLiterals;
import org.isg.warehouse.pipeline.SparkSchemas;
import org.isg.warehouse.pipeline.privacy.Pseudonymizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * Reads accepted delivery files on the executors, one task per file, into bronze rows: the
 * delivered text of every contract column, personal identifiers already replaced by pseudonyms, plus
 * lineage (delivery, file, line, run). Nothing is written in clear: the pseudonym is applied in the
 * reader, before the row exists.
 */
public final class BronzeLoader
{
    public static final String DELIVERY_ID = "delivery_id";
    public static final String BASE_CODE = "base_code";
    public static final String EXPORT_DATE = "export_date";
    public static final String EXPORTED_AT = "exported_at";
    public static final String SOURCE_FILE = "source_file";
    public static final String SOURCE_LINE = "source_line";
    public static final String PARSE_ERROR = "parse_error";
    public static final String INGESTED_AT = "ingested_at";
    public static final String RUN_ID = "run_id";

    /**
     * One file of an accepted delivery, as shipped to an executor.
     *
     * @param shownName the file as {@code source_file} and messages name it ({@link org.isg.warehouse.contracts.landing.LandingNames#file})
     * @param sha256 the SHA-256 the inspection verified: the bytes loaded must have it
     */
    public record FileTask(String deliveryId, String baseCode, Date exportDate, Timestamp exportedAt, String folder, String fileName, String shownName,
            FileFormat format, String encoding, String sha256)
            implements Serializable
    {
        public FileTask
        {
            requireNonNull(shownName, "shownName is null");
            requireNonNull(sha256, "sha256 is null");
            requireNonNull(deliveryId, "deliveryId is null");
            requireNonNull(baseCode, "baseCode is null");
            requireNonNull(exportDate, "exportDate is null");
            requireNonNull(exportedAt, "exportedAt is null");
            requireNonNull(folder, "folder is null");
            requireNonNull(fileName, "fileName is null");
            requireNonNull(format, "format is null");
            requireNonNull(encoding, "encoding is null");
        }
    }

    private BronzeLoader() {}

    /**
     * One Hadoop configuration per executor JVM: a new one per file reads Hadoop's default resources
     * again, milliseconds a file, which a catch-up run of tens of thousands of small files pays in minutes.
     */
    private static final class ExecutorConfiguration
    {
        static final Configuration INSTANCE = new Configuration();

        private ExecutorConfiguration() {}
    }

    /**
     * The rows of these deliveries, in Spark SQL. Their export dates select no other row (a row's
     * export date is its delivery's) but let Delta skip other nights' files by their statistics, so
     * the cost follows the night, not the table's history.
     */
    public static String deliveriesPredicate(Collection<LocalDate> exportDates, List<String> deliveryIds)
    {
        return SqlLiterals.sparkDateIn(EXPORT_DATE, exportDates) + " AND " + SqlLiterals.sparkIn(DELIVERY_ID, deliveryIds);
    }

    public static StructType schema(DatasetContract contract)
    {
        return SparkSchemas.of(WarehouseTables.bronze(contract.dataset()));
    }

    /**
     * Bronze rows of some files, and, once they have been written, the deliveries whose bytes were
     * not those verified: a file that changed after inspection (still uploading, or replaced) is
     * hashed again as it is read, and its delivery is reported instead of failing the night.
     */
    public record Loaded(Dataset<Row> rows, CollectionAccumulator<String> changedDeliveries)
    {
        public Loaded
        {
            requireNonNull(rows, "rows is null");
            requireNonNull(changedDeliveries, "changedDeliveries is null");
        }

        /** Valid after the rows were written: the ids of deliveries with a file whose bytes at load differ from those verified. */
        public Set<String> changed()
        {
            return new TreeSet<>(changedDeliveries.value());
        }
    }

    public static Loaded load(SparkSession spark, DatasetContract contract, List<FileTask> tasks, Pseudonymizer pseudonymizer, String runId, Timestamp ingestedAt)
    {
        // One task per core: each task writes a file and pays a writer's set-up, which dominates small nights
        int partitions = Math.max(1, Math.min(tasks.size(), spark.sparkContext().defaultParallelism()));
        JavaRDD<FileTask> files = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(tasks, partitions);
        List<String> columns = contract.columnNames();
        boolean[] personal = new boolean[columns.size()];
        for (int index = 0; index < columns.size(); index++) {
            personal[index] = contract.columns().get(index).personalIdentifier();
        }
        CollectionAccumulator<String> changed = spark.sparkContext().collectionAccumulator("deliveries changed after inspection");
        JavaRDD<Row> rows = files.flatMap(task -> readFile(task, columns, personal, pseudonymizer, runId, ingestedAt, changed));
        return new Loaded(spark.createDataFrame(rows, schema(contract)), changed);
    }

    private static Iterator<Row> readFile(FileTask task, List<String> columns, boolean[] personal, Pseudonymizer pseudonymizer, String runId, Timestamp ingestedAt,
            CollectionAccumulator<String> changed)
            throws IOException
    {
        Path path = new Path(task.folder(), task.fileName());
        FileSystem fileSystem = path.getFileSystem(ExecutorConfiguration.INSTANCE);
        if (LandingLinks.isLink(fileSystem, path) || !fileSystem.exists(path)) {
            changed.add(task.deliveryId());
            return Collections.emptyIterator();
        }
        MessageDigest digest = DeliveryInspector.sha256();
        InputStream input = new DigestInputStream(fileSystem.open(path), digest);
        RecordReader reader;
        try {
            reader = RecordReader.open(task.shownName(), task.format(), input, Charset.forName(task.encoding()), columns);
        }
        catch (DeliveryRejectedException e) {
            // The inspector read this file a moment ago: it changed since
            input.close();
            changed.add(task.deliveryId());
            return Collections.emptyIterator();
        }
        return new Iterator<>()
        {
            private Optional<DeliveredRecord> lookahead;

            @Override
            public boolean hasNext()
            {
                if (lookahead == null) {
                    lookahead = read();
                }
                return lookahead.isPresent();
            }

            @Override
            public Row next()
            {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                DeliveredRecord record = lookahead.orElseThrow();
                lookahead = null;
                List<Object> values = new ArrayList<>(columns.size() + 9);
                values.add(task.deliveryId());
                values.add(task.baseCode());
                values.add(task.exportDate());
                values.add(task.exportedAt());
                values.add(task.shownName());
                values.add(record.line());
                values.add(record.parseError().orElse(null));
                for (int index = 0; index < columns.size(); index++) {
                    String value = record.values().get(index);
                    values.add(personal[index] ? pseudonymizer.pseudonym(value) : value);
                }
                values.add(ingestedAt);
                values.add(runId);
                return RowFactory.create(values.toArray());
            }

            /** The next record; at the end, the bytes read are checked against the hash the inspection verified. */
            private Optional<DeliveredRecord> read()
            {
                try {
                    Optional<DeliveredRecord> record = reader.next();
                    if (record.isEmpty()) {
                        input.transferTo(OutputStream.nullOutputStream());
                        reader.close();
                        if (!HexFormat.of().formatHex(digest.digest()).equals(task.sha256())) {
                            changed.add(task.deliveryId());
                        }
                    }
                    return record;
                }
                catch (DeliveryRejectedException e) {
                    reader.close();
                    changed.add(task.deliveryId());
                    return Optional.empty();
                }
                catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
