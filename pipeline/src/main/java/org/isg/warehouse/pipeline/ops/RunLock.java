package org.isg.warehouse.pipeline.ops;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.isg.warehouse.contracts.errors.IsgException;
import org.isg.warehouse.contracts.errors.StandardErrorCode;
import org.isg.warehouse.pipeline.Warehouse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * One run at a time per warehouse: a lock file {@code <warehouse>/_runs/run.lock} created atomically,
 * naming the run, host and process that hold it. A second run refuses to start. A lock whose process
 * is gone (on this host: no live process with that pid and start time; elsewhere: older than
 * {@code staleAfter}) is taken over, so a killed run never blocks the next one.
 */
public final class RunLock
        implements AutoCloseable
{
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofHours(24);

    private final FileSystem fileSystem;
    private final Path path;
    private final String token;

    private RunLock(FileSystem fileSystem, Path path, String token)
    {
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
        this.path = requireNonNull(path, "path is null");
        this.token = requireNonNull(token, "token is null");
    }

    public static RunLock acquire(Warehouse warehouse, String runId, Duration staleAfter)
    {
        Path path = new Path(warehouse.root() + "/_runs/run.lock");
        try {
            FileSystem fileSystem = path.getFileSystem(warehouse.spark().sparkContext().hadoopConfiguration());
            Properties holder = holder(runId);
            String token = runId + "@" + holder.getProperty("pid") + "@" + holder.getProperty("process_started_at");
            holder.setProperty("token", token);
            if (create(fileSystem, path, holder)) {
                return new RunLock(fileSystem, path, token);
            }
            Optional<Properties> current = read(fileSystem, path);
            if (current.isPresent() && !stale(current.get(), staleAfter)) {
                Properties other = current.get();
                throw new IsgException(StandardErrorCode.RUN_IN_PROGRESS, ("warehouse %s is in use by run %s (pid %s on %s since %s); runs of one warehouse never overlap. "
                        + "If that process is gone, remove %s").formatted(warehouse.root(), other.getProperty("run_id"), other.getProperty("pid"), other.getProperty("host"),
                        other.getProperty("acquired_at"), path));
            }
            // the holder is gone: take the lock over
            fileSystem.delete(path, false);
            if (create(fileSystem, path, holder)) {
                return new RunLock(fileSystem, path, token);
            }
            throw new IsgException(StandardErrorCode.RUN_IN_PROGRESS, "warehouse %s: another run took the lock at the same moment".formatted(warehouse.root()));
        }
        catch (IOException e) {
            throw new IsgException(StandardErrorCode.STORAGE_FAILED, "cannot take the run lock %s: %s".formatted(path, e.getClass().getSimpleName()), e);
        }
    }

    @Override
    public void close()
    {
        try {
            Optional<Properties> current = read(fileSystem, path);
            if (current.isPresent() && token.equals(current.get().getProperty("token"))) {
                fileSystem.delete(path, false);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties holder(String runId)
            throws IOException
    {
        ProcessHandle process = ProcessHandle.current();
        Properties holder = new Properties();
        holder.setProperty("run_id", runId);
        holder.setProperty("host", InetAddress.getLocalHost().getHostName());
        holder.setProperty("pid", Long.toString(process.pid()));
        holder.setProperty("process_started_at", process.info().startInstant().map(Instant::toString).orElse(""));
        holder.setProperty("acquired_at", Instant.now().toString());
        return holder;
    }

    private static boolean stale(Properties holder, Duration staleAfter)
            throws IOException
    {
        if (holder.getProperty("host", "").equals(InetAddress.getLocalHost().getHostName())) {
            Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(holder.getProperty("pid", "-1")));
            // a pid is reused: the process must also have started when the holder did
            return process.isEmpty() || !process.get().isAlive()
                    || !process.get().info().startInstant().map(Instant::toString).orElse("").equals(holder.getProperty("process_started_at"));
        }
        return Instant.parse(holder.getProperty("acquired_at", Instant.EPOCH.toString())).plus(staleAfter).isBefore(Instant.now());
    }

    /** Creates the lock file unless it exists, atomically: false when another holds it. */
    private static boolean create(FileSystem fileSystem, Path path, Properties holder)
            throws IOException
    {
        StringWriter text = new StringWriter();
        holder.store(text, "ISG Warehouse run lock");
        byte[] content = text.toString().getBytes(UTF_8);
        if ("file".equals(fileSystem.getScheme())) {
            // Hadoop's local file system checks and creates in two steps; the JDK does it in one
            java.nio.file.Path local = java.nio.file.Path.of(fileSystem.makeQualified(path).toUri());
            java.nio.file.Files.createDirectories(local.getParent());
            try {
                java.nio.file.Files.write(local, content, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
                return true;
            }
            catch (FileAlreadyExistsException e) {
                return false;
            }
        }
        try (FSDataOutputStream output = fileSystem.create(path, false)) {
            output.write(content);
            return true;
        }
        catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        }
    }

    private static Optional<Properties> read(FileSystem fileSystem, Path path)
            throws IOException
    {
        if (!fileSystem.exists(path)) {
            return Optional.empty();
        }
        byte[] content;
        try (InputStream input = fileSystem.open(path)) {
            content = input.readAllBytes();
        }
        Properties holder = new Properties();
        holder.load(new ByteArrayInputStream(content));
        return Optional.of(holder);
    }
}
