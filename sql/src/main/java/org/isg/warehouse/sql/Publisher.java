package org.isg.warehouse.sql;

import org.isg.warehouse.contracts.text.SqlLiterals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Stage PUBLISH: makes the warehouse visible in Trino's catalog {@code isg}, idempotently, as
 * {@code admin} over trino-jdbc: the five schemas, every Delta table found under
 * {@code <warehouse>/<schema>/<table>} registered (an existing name is left as it is), and the
 * evaluator views created or replaced from the versioned SQL files.
 */
public final class Publisher
{
    public static final List<String> SCHEMAS = List.of("bronze", "silver", "ops", "ref", "gold");
    /** trino-jdbc's error code when a registered name exists (StandardErrorCode.ALREADY_EXISTS). */
    private static final int ALREADY_EXISTS = 12;
    /** StandardErrorCode.TABLE_NOT_FOUND: a view over a table the warehouse does not have yet. */
    private static final int TABLE_NOT_FOUND = 46;

    private final Path warehouse;
    private final Consumer<String> progress;

    public Publisher(Path warehouse, Consumer<String> progress)
    {
        this.warehouse = requireNonNull(warehouse, "warehouse is null").toAbsolutePath().normalize();
        this.progress = requireNonNull(progress, "progress is null");
    }

    public record Result(int tablesRegistered, int tablesAlreadyRegistered, List<String> views, List<String> viewsSkipped)
    {
        public Result
        {
            views = List.copyOf(views);
            viewsSkipped = List.copyOf(viewsSkipped);
        }
    }

    public Result publish(Connection admin)
    {
        int registered = 0;
        int existing = 0;
        List<String> views = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try (Statement statement = admin.createStatement()) {
            for (String schema : SCHEMAS) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS %s.%s".formatted(TrinoServer.CATALOG, schema));
                for (Path table : deltaTables(schema)) {
                    String name = table.getFileName().toString();
                    try {
                        // CALL takes no parameters: literals, quoted
                        statement.execute("CALL %s.system.register_table(schema_name => %s, table_name => %s, table_location => %s)"
                                .formatted(TrinoServer.CATALOG, SqlLiterals.trino(schema), SqlLiterals.trino(name), SqlLiterals.trino(table.toUri().toString())));
                        registered++;
                    }
                    catch (SQLException e) {
                        if (e.getErrorCode() != ALREADY_EXISTS) {
                            throw e;
                        }
                        existing++;
                    }
                }
            }
            for (String file : viewFiles()) {
                String view = file.substring(0, file.length() - ".sql".length());
                try {
                    statement.execute(TrinoServer.resource("views/" + file));
                    views.add(view);
                }
                catch (SQLException e) {
                    if (e.getErrorCode() != TABLE_NOT_FOUND) {
                        throw e;
                    }
                    // The warehouse has no such table yet (no quarantined row so far, say): the next publish creates the view
                    skipped.add(view);
                    progress.accept("publish: view %s skipped: %s".formatted(view, e.getMessage()));
                }
            }
        }
        catch (SQLException e) {
            throw new TrinoException(TrinoException.Code.PUBLISH_FAILED, "publishing %s failed: %s".formatted(warehouse, e.getMessage()), e);
        }
        progress.accept("publish: %d tables registered, %d already registered, %d views".formatted(registered, existing, views.size()));
        return new Result(registered, existing, views, skipped);
    }

    /** The views in the order {@code views/index.txt} lists them. */
    public static List<String> viewFiles()
    {
        return TrinoServer.resource("views/index.txt").lines().filter(line -> !line.isBlank() && !line.startsWith("#")).map(String::strip).toList();
    }

    private List<Path> deltaTables(String schema)
    {
        Path folder = warehouse.resolve(schema);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> tables = Files.list(folder)) {
            return tables.filter(table -> Files.isDirectory(table.resolve("_delta_log"))).sorted().toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
