package org.isg.warehouse.cli;

import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.contracts.tables.Release;
import org.isg.warehouse.indicators.IndicatorCatalogue;
import org.isg.warehouse.pipeline.Progress;
import org.isg.warehouse.pipeline.SparkSessions;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.pipeline.publish.Releases;
import org.isg.warehouse.pipeline.publish.SdmxExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ./isg export sdmx}: a release's indicator values as SDMX-CSV 2.0 with its SDMX-ML structure. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a release: 'sdmx' writes its gold.indicator_values as SDMX-CSV 2.0 and the structure (codelists, data structure, dataflow) as SDMX-ML 2.1.")
final class ExportCommand
        implements Callable<Integer>
{
    @Parameters(index = "0", description = "the format: sdmx")
    String format;

    @Option(names = "--warehouse", required = true, description = "warehouse folder")
    Path warehouse;

    @Option(names = "--release", required = true, description = "release id from ops.releases, e.g. R2026-11-23.1")
    String releaseId;

    @Option(names = "--out", required = true, description = "folder to write into")
    Path out;

    @Override
    public Integer call()
            throws Exception
    {
        if (!format.equals("sdmx")) {
            System.err.println("isg export: unknown format '" + format + "'; the one format is sdmx");
            return org.isg.warehouse.pipeline.PipelineCommand.EXIT_USAGE;
        }
        Warehouse tables = new Warehouse(SparkSessions.getOrCreate("isg-export"), warehouse.toAbsolutePath().toString());
        Releases releases = new Releases(tables, Releases.DEFAULT_RETENTION_DAYS, Progress.toStandardError());
        Release release = releases.release(releaseId).orElse(null);
        if (release == null) {
            System.err.println("isg export: no release " + releaseId + " in ops.releases (./isg publish-release records one)");
            return org.isg.warehouse.pipeline.PipelineCommand.EXIT_USAGE;
        }
        SdmxExport.Result result = new SdmxExport(releases, BaseRegistry.load(), IndicatorCatalogue.load()).write(release, out);
        System.out.printf("release %s: %d observations in %s, structure in %s%n", release.releaseId(), result.observations(), result.data(), result.structure());
        return 0;
    }
}
