package org.isg.warehouse.pipeline.ops;

import org.isg.warehouse.contracts.errors.IsgException;
import org.isg.warehouse.contracts.errors.StandardErrorCode;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunLockTest
{
    @Test
    void aSecondRunRefusesToStartWhileTheFirstHoldsTheWarehouse(@TempDir Path directory)
    {
        Warehouse warehouse = new Warehouse(SharedSpark.session(), directory.toString());
        RunLock first = RunLock.acquire(warehouse, "run-first", RunLock.DEFAULT_STALE_AFTER);

        assertThatThrownBy(() -> RunLock.acquire(warehouse, "run-second", RunLock.DEFAULT_STALE_AFTER))
                .isInstanceOfSatisfying(IsgException.class, e -> assertThat(e.errorCode()).isEqualTo(StandardErrorCode.RUN_IN_PROGRESS.toErrorCode()))
                .hasMessageStartingWith("warehouse %s is in use by run run-first (pid %d on ".formatted(directory, ProcessHandle.current().pid()))
                .hasMessageEndingWith("If that process is gone, remove %s/_runs/run.lock".formatted(directory));

        first.close();
        RunLock second = RunLock.acquire(warehouse, "run-second", RunLock.DEFAULT_STALE_AFTER);
        second.close();
        assertThat(directory.resolve("_runs/run.lock")).doesNotExist();
    }

    @Test
    void aLockLeftByAProcessThatIsGoneIsTakenOver(@TempDir Path directory)
            throws Exception
    {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        writeLock(directory, InetAddress.getLocalHost().getHostName(), finished.pid(), Instant.now());
        Warehouse warehouse = new Warehouse(SharedSpark.session(), directory.toString());

        RunLock lock = RunLock.acquire(warehouse, "run-after-crash", RunLock.DEFAULT_STALE_AFTER);
        assertThat(Files.readString(directory.resolve("_runs/run.lock"), UTF_8)).contains("run_id=run-after-crash");
        lock.close();
    }

    @Test
    void aLockHeldOnAnotherHostIsTakenOverOnlyOnceStale(@TempDir Path directory)
            throws Exception
    {
        Warehouse warehouse = new Warehouse(SharedSpark.session(), directory.toString());
        writeLock(directory, "another-host.invalid", 4242, Instant.now().minus(Duration.ofHours(1)));
        assertThatThrownBy(() -> RunLock.acquire(warehouse, "run-early", Duration.ofHours(2))).hasMessageContaining("pid 4242 on another-host.invalid");

        RunLock lock = RunLock.acquire(warehouse, "run-late", Duration.ofMinutes(30));
        lock.close();
    }

    private static void writeLock(Path warehouse, String host, long pid, Instant acquiredAt)
            throws Exception
    {
        Files.createDirectories(warehouse.resolve("_runs"));
        Files.writeString(warehouse.resolve("_runs/run.lock"), """
                run_id=run-gone
                host=%s
                pid=%d
                process_started_at=2026-11-23T18:00:00Z
                acquired_at=%s
                token=run-gone
                """.formatted(host, pid, acquiredAt), UTF_8);
    }
}
