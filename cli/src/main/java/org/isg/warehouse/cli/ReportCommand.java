package org.isg.warehouse.cli;

import org.isg.warehouse.pipeline.PipelineCommand;
import org.isg.warehouse.pipeline.Progress;
import org.isg.warehouse.sql.TrinoServer;
import org.isg.warehouse.sql.report.AssessmentReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code ./isg report}: the assessment report of a release, read through the warehouse's Trino server as the assessor. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write the assessment report of a release (default: the latest) as one self-contained HTML file: scorecard with rank intervals, "
                + "funnel plots, trends, the data-quality report card and the experiment effects, read through Trino as the assessor.")
final class ReportCommand
        implements Callable<Integer>
{
    @Option(names = "--warehouse", required = true, description = "warehouse folder; its Trino server must run (./isg trino start)")
    Path warehouse;

    @Option(names = "--release", description = "release id from ops.releases, e.g. R2026-11-23.1 (default: the latest)")
    String releaseId;

    @Option(names = "--out", required = true, description = "folder to write into")
    Path out;

    @Override
    public Integer call()
            throws Exception
    {
        TrinoServer server = new TrinoServer(warehouse.toAbsolutePath(), Progress.toStandardError());
        if (!server.status().running()) {
            System.err.println("isg report: no Trino server runs for " + warehouse + "; './isg trino start --warehouse " + warehouse + "' starts one");
            return PipelineCommand.EXIT_USAGE;
        }
        AssessmentReport.Result result;
        try (Connection assessor = server.connect(AssessmentReport.ASSESSOR)) {
            result = new AssessmentReport(assessor).write(Optional.ofNullable(releaseId), out);
        }
        System.out.printf("assessment report of release %s (cut-off %s): %d charts, %d scorecard rows, %d report-card rows, %d experiment effects%n%s%n",
                result.release().releaseId(), result.release().cutoffDate(), result.charts(), result.scorecardRows(), result.reportCardRows(), result.effects(),
                result.file().toAbsolutePath());
        return 0;
    }
}
