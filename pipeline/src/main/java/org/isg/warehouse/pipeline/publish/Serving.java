package org.isg.warehouse.pipeline.publish;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.isg.warehouse.contracts.text.SqlLiterals;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.sql.Publisher;
import org.isg.warehouse.sql.TableComments;
import org.isg.warehouse.sql.TrinoException;
import org.isg.warehouse.sql.TrinoServer;
import org.isg.warehouse.sql.TrinoTarget;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * Stage PUBLISH: the Chinese and English comments written into the Delta tables' metadata (by
 * Spark: Trino cannot write to these tables), then the tables and views published to the Trino
 * server of the warehouse.
 */
public final class Serving
{
    private final Warehouse warehouse;
    private final Path localRoot;
    private final Consumer<String> progress;

    public Serving(Warehouse warehouse, Consumer<String> progress)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.localRoot = warehouse.localPath().orElseThrow(() -> new TrinoException(TrinoException.Code.PUBLISH_FAILED,
                "Trino serves a local warehouse only; %s is not a local folder".formatted(warehouse.root())));
        this.progress = requireNonNull(progress, "progress is null");
    }

    public TrinoServer server()
    {
        return new TrinoServer(localRoot, progress);
    }

    /** Starts the warehouse's server unless it runs already, then publishes to it. */
    public Publisher.Result startAndPublish(int port)
    {
        server().start(port);
        return publish();
    }

    /** Publishes to the warehouse's own server (started by {@code ./isg trino start}). */
    public Publisher.Result publish()
    {
        TrinoServer server = server();
        return publish(() -> server.connect("admin"), server.jdbcUrl());
    }

    /** Publishes to a configured server (under Airflow, on a cluster); it must read the warehouse at the same paths. */
    public Publisher.Result publishTo(TrinoTarget target)
    {
        progress.accept("publish: to " + target);
        return publish(target::connect, target.jdbcUrl());
    }

    private interface AdminConnection
    {
        Connection open()
                throws SQLException;
    }

    private Publisher.Result publish(AdminConnection adminConnection, String where)
    {
        int comments = writeComments();
        try (Connection admin = adminConnection.open()) {
            Publisher.Result result = new Publisher(localRoot, progress).publish(admin);
            progress.accept("publish: %d comments written".formatted(comments));
            return result;
        }
        catch (SQLException e) {
            throw new TrinoException(TrinoException.Code.PUBLISH_FAILED, "cannot connect to Trino at %s: %s".formatted(where, e.getMessage()), e);
        }
    }

    /**
     * Sets each table's and column's comment where the Delta metadata does not have it yet: the
     * first publish of a table writes one commit per change, later ones none.
     *
     * @return comments written
     */
    int writeComments()
    {
        int written = 0;
        for (String schema : Publisher.SCHEMAS) {
            for (String table : warehouse.tables(schema)) {
                String path = warehouse.tablePath(schema, table);
                String name = "delta.`%s`".formatted(path);
                var tableComment = TableComments.table(schema, table);
                if (tableComment.isPresent()) {
                    Row detail = warehouse.table(schema, table).detail().select("description").first();
                    if (!tableComment.get().equals(detail.getString(0))) {
                        warehouse.spark().sql("ALTER TABLE %s SET TBLPROPERTIES ('comment' = %s)".formatted(name, SqlLiterals.spark(tableComment.get())));
                        written++;
                    }
                }
                Map<String, String> columnComments = TableComments.columns(schema, table);
                for (StructField field : warehouse.read(schema, table).schema().fields()) {
                    String comment = columnComments.get(field.name());
                    if (comment != null && !(field.metadata().contains("comment") && comment.equals(field.metadata().getString("comment")))) {
                        warehouse.spark().sql("ALTER TABLE %s ALTER COLUMN `%s` COMMENT %s".formatted(name, field.name(), SqlLiterals.spark(comment)));
                        written++;
                    }
                }
            }
        }
        return written;
    }
}
