package org.isg.warehouse.cli;

import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.generator.ExportGenerator;
import org.isg.warehouse.generator.GenerateOptions;
import org.isg.warehouse.pipeline.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./isg generate}: sample deliveries into a landing area, from the generator module. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Write sample deliveries into a landing area (SPEC §2), deterministic for a seed.")
final class GenerateCommand
        implements Callable<Integer>
{
    @Option(names = "--landing", required = true, description = "landing area to write into")
    Path landing;

    @Option(names = "--from", required = true, description = "first export date (yyyy-MM-dd)")
    LocalDate from;

    @Option(names = "--to", required = true, description = "last export date (yyyy-MM-dd)")
    LocalDate to;

    @Option(names = "--bases", split = ",", description = "base codes (default: every delivering base)")
    List<String> bases = List.of();

    @Option(names = "--seed", defaultValue = "" + GenerateOptions.DEFAULT_SEED, description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--defect-rate", defaultValue = "0", description = "share of rows and deliveries made defective; a sidecar under <landing>/_generator lists each (default: ${DEFAULT-VALUE})")
    double defectRate;

    @Option(names = "--every-rule", description = "break one row per contract rule in every delivery")
    boolean everyRule;

    @Option(names = "--rows-per-day", defaultValue = "" + GenerateOptions.DEFAULT_ROWS_PER_DAY, description = "scale: new records per base per day (default: ${DEFAULT-VALUE})")
    int rowsPerDay;

    @Option(names = "--experiments", defaultValue = "NONE", description = "NONE, DECLARED (C01 and C02 declare their experiments) or PLANTED "
            + "(declared, effects planted in the records, 12 months of outcome history with the first export) (default: ${DEFAULT-VALUE})")
    GenerateOptions.Experiments experiments;

    @Override
    public Integer call()
    {
        GenerateOptions options = new GenerateOptions(landing, from, to, bases, seed, defectRate, everyRule, rowsPerDay, GenerateOptions.DEFAULT_MAX_ROWS_PER_FILE,
                experiments);
        ExportGenerator.Summary summary = new ExportGenerator(options, BaseRegistry.load(), Progress.toStandardError()).generate();
        System.out.printf("generated %d deliveries (%d corrections), %d rows, %d row defects, %d delivery defects into %s%n",
                summary.deliveries(), summary.corrections(), summary.rows(), summary.rowDefects(), summary.deliveryDefects(), landing);
        return 0;
    }
}
