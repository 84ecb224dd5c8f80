package org.isg.warehouse.cli;

import org.isg.warehouse.cli.benchmark.EffectsBenchmark;
import org.isg.warehouse.pipeline.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ./isg benchmark-effects}: the experiment-effect estimation at national size, against csdid on a few of the same panels. */
@Command(name = "benchmark-effects", mixinStandardHelpOptions = true,
        description = "Estimate the experiment effects of 92 bases x 3 experiments (50 units, 36 months, 999 bootstrap draws), time csdid on a few of the same panels; append the figures to docs/benchmarks.md.")
final class BenchmarkEffectsCommand
        implements Callable<Integer>
{
    @Option(names = "--peer-panels", defaultValue = "5", description = "panels also run through csdid (default: ${DEFAULT-VALUE})")
    int peerPanels;

    @Option(names = "--work", defaultValue = "target/benchmark-effects", description = "scratch folder (default: ${DEFAULT-VALUE})")
    Path work;

    @Mixin
    ReportOption reportOption;

    @Override
    public Integer call()
            throws Exception
    {
        EffectsBenchmark.Figures figures = new EffectsBenchmark(work.toAbsolutePath(), Progress.toStandardError()).run(peerPanels);
        EffectsBenchmark.appendToReport(reportOption.report, figures);
        System.out.printf("%d panels in %.1f s; on %d panels %.2f s against csdid's %.2f s; figures appended to %s%n",
                figures.panels(), figures.seconds(), figures.peerPanels(), figures.ownSecondsOnPeerPanels(), figures.peerSeconds(), reportOption.report);
        return figures.largestDifferenceFromPeer() < 1e-9 ? 0 : 1;
    }
}
