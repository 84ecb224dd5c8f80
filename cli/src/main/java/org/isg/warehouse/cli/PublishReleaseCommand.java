package org.isg.warehouse.cli;

import org.isg.warehouse.contracts.tables.Release;
import org.isg.warehouse.pipeline.NightlyRun;
import org.isg.warehouse.pipeline.Progress;
import org.isg.warehouse.pipeline.SparkSessions;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.pipeline.ops.RunLock;
import org.isg.warehouse.pipeline.publish.Releases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;

/** {@code ./isg publish-release}: records the gold tables as they are now as a release (also part of every night's publish). */
@Command(name = "publish-release", mixinStandardHelpOptions = true,
        description = "Record a release: the Delta version of every gold table at a cut-off, in ops.releases, with the values revised since the previous release in gold.revisions.")
final class PublishReleaseCommand
        implements Callable<Integer>
{
    @Option(names = "--warehouse", required = true, description = "warehouse folder")
    Path warehouse;

    @Option(names = "--as-of", required = true, description = "the run date whose end (China time) is the release's data cut-off (yyyy-MM-dd)")
    LocalDate asOf;

    @Option(names = "--retention-days", defaultValue = "" + Releases.DEFAULT_RETENTION_DAYS, description = "days every gold version stays readable (default: ${DEFAULT-VALUE})")
    int retentionDays;

    @Override
    public Integer call()
    {
        Warehouse tables = new Warehouse(SparkSessions.getOrCreate("isg-publish-release"), warehouse.toAbsolutePath().toString());
        String runId = NightlyRun.newRunId();
        // not while a night writes gold
        RunLock lock = RunLock.acquire(tables, runId, RunLock.DEFAULT_STALE_AFTER);
        Release release;
        try {
            release = new Releases(tables, retentionDays, Progress.toStandardError()).publish(asOf, runId);
        }
        finally {
            lock.close();
        }
        System.out.printf("release %s (cut-off %s): %s%n", release.releaseId(), release.cutoffDate(), release.tableVersions());
        return 0;
    }
}
