package org.isg.warehouse.generator;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What to generate: where, which days and bases, how large, how broken.
 *
 * @param bases base codes to generate for; empty for every delivering base
 * @param defectRate share of rows broken and of deliveries made defective; 0 for clean exports
 * @param everyRule break one row per contract rule in every delivery (for acceptance tests)
 * @param rowsPerDay scale: new records per base per day (grid cases, screenings; half as many eldercare and ledger events)
 * @param experiments whether the bases with a {@link PlantedExperiment} declare it, and whether its effect and history are written
 */
public record GenerateOptions(Path landing, LocalDate from, LocalDate to, List<String> bases, long seed, double defectRate, boolean everyRule, int rowsPerDay,
        int maxRowsPerFile, Experiments experiments)
{
    /** What the generator does about the experiments of {@link PlantedExperiment#of}. */
    public enum Experiments
    {
        /** No experiment: the bases deliver their nightly datasets only. */
        NONE,
        /** Each experiment base declares its experiments with its first export; the records carry no effect. */
        DECLARED,
        /**
         * Declared, planted into the outcome's records, and the outcome's history of
         * {@value PlantedExperiment#HISTORY_MONTHS} months sent with the base's first export.
         */
        PLANTED
    }

    public static final long DEFAULT_SEED = 20211029L;
    public static final int DEFAULT_ROWS_PER_DAY = 40;
    public static final int DEFAULT_MAX_ROWS_PER_FILE = 5000;

    public GenerateOptions
    {
        requireNonNull(landing, "landing is null");
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        bases = List.copyOf(requireNonNull(bases, "bases is null"));
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("--to " + to + " is before --from " + from);
        }
        if (defectRate < 0 || defectRate > 0.5) {
            throw new IllegalArgumentException("--defect-rate must be between 0 and 0.5, got " + defectRate);
        }
        if (rowsPerDay < 1) {
            throw new IllegalArgumentException("--rows-per-day must be at least 1");
        }
        if (maxRowsPerFile < 1) {
            throw new IllegalArgumentException("max rows per file must be at least 1");
        }
        requireNonNull(experiments, "experiments is null");
    }

    /** Options without experiments. */
    public GenerateOptions(Path landing, LocalDate from, LocalDate to, List<String> bases, long seed, double defectRate, boolean everyRule, int rowsPerDay,
            int maxRowsPerFile)
    {
        this(landing, from, to, bases, seed, defectRate, everyRule, rowsPerDay, maxRowsPerFile, Experiments.NONE);
    }
}
