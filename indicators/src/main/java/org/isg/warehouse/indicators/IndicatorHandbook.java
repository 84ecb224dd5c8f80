package org.isg.warehouse.indicators;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Renders the indicator handbook ({@code docs/indicator-handbook.md}) from the catalogue, so the
 * documentation cannot drift from the definitions: a test fails when the checked-in file is stale.
 */
public final class IndicatorHandbook
{
    public static final String PATH = "docs/indicator-handbook.md";

    private IndicatorHandbook() {}

    public static String render(IndicatorCatalogue catalogue)
    {
        StringBuilder text = new StringBuilder();
        text.append("# Indicator handbook 指标手册 (catalogue ").append(catalogue.version()).append(")\n\n");
        text.append("Generated from `indicators/src/main/resources/org/isg/warehouse/indicators/").append(IndicatorCatalogue.RESOURCE)
                .append("` by `./isg docs`; do not edit by hand.\n\n");
        text.append("""
                Conventions:
                - A record belongs to the calendar month (China time) of the indicator's *period by* column;
                  quarters and years are computed over their whole range from the records, never as means of months.
                  Rates keep numerator and denominator, so any roll-up is a ratio of sums.
                - `${cutoff}` is the run's data cut-off (end of the run date, China time).
                - Percentiles use Spark's `percentile` (linear interpolation between the neighbouring order statistics).
                - Per-capita denominators sum the population column over the base's divisions in its latest snapshot.
                - A value whose denominator is below the minimum n is suppressed (`obs_status = Q`).
                - Score: the value is placed linearly between the goalposts (score 0 and score 100), clipped to 0..100.

                """);
        text.append("| code | 中文 | English | level | dataset | unit | direction | min n | score 0 | score 100 |\n");
        text.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Indicator indicator : catalogue.indicators()) {
            text.append("| `%s` | %s | %s | %s | %s | %s | %s | %d | %s | %s |%n".formatted(indicator.code(), indicator.nameZh(), indicator.nameEn(), indicator.level(),
                    indicator.dataset().tableName(), indicator.unit(), indicator.direction(), indicator.minimumN(),
                    number(indicator.goalposts().scoreZero()), number(indicator.goalposts().scoreHundred())));
        }
        for (Indicator indicator : catalogue.indicators()) {
            text.append("\n## `%s` %s — %s%n%n".formatted(indicator.code(), indicator.nameZh(), indicator.nameEn()));
            text.append(indicator.description()).append("\n\n");
            text.append("- level: %s; dataset: `%s`; period by: `%s`; unit: %s; direction: %s (higher is %s)%n".formatted(indicator.level(), indicator.dataset().tableName(),
                    indicator.periodBy(), indicator.unit(), indicator.direction(), indicator.direction() == Direction.UP ? "better" : "worse"));
            text.append("- minimum n: %d; goalposts: %s scores 0, %s scores 100%n".formatted(indicator.minimumN(), number(indicator.goalposts().scoreZero()),
                    number(indicator.goalposts().scoreHundred())));
            text.append("- version %d, definition hash `%s`; %s%n".formatted(indicator.version(), indicator.definitionHash(), indicator.guideline()));
            text.append("- formula (%s):%n".formatted(indicator.kind()));
            switch (indicator.kind()) {
                case RATIO -> {
                    text.append("  - denominator: records where `").append(indicator.population()).append("`\n");
                    text.append("  - numerator: those records where `").append(indicator.numerator().orElseThrow()).append("`\n");
                    text.append("  - value: numerator / denominator × 100\n");
                }
                case PERCENTILE -> {
                    text.append("  - records where `").append(indicator.population()).append("`\n");
                    text.append("  - value: percentile %s of `%s`; denominator: the number of records%n".formatted(number(indicator.percentile().orElseThrow()),
                            indicator.measure().orElseThrow()));
                }
                case DISTINCT_PER_CAPITA -> {
                    text.append("  - numerator: distinct `").append(indicator.distinct().orElseThrow()).append("` among records where `").append(indicator.population()).append("`\n");
                    text.append("  - denominator: sum of `divisions.").append(indicator.perCapita().orElseThrow()).append("` over the base's latest divisions snapshot\n");
                    text.append("  - value: numerator / denominator × 1000\n");
                }
                case LATEST_PER_ENTITY_RATIO -> {
                    text.append("  - denominator: distinct `").append(indicator.entity().orElseThrow()).append("` with a record where `").append(indicator.population()).append("`\n");
                    text.append("  - numerator: those whose latest such record (by `").append(String.join("`, `", indicator.latestBy())).append("`) has `")
                            .append(indicator.numerator().orElseThrow()).append("`\n");
                    text.append("  - value: numerator / denominator × 100\n");
                }
            }
        }
        return text.toString();
    }

    /** Writes the handbook under a repository root. */
    public static Path write(Path repositoryRoot)
            throws IOException
    {
        Path file = repositoryRoot.resolve(PATH);
        Files.createDirectories(file.getParent());
        Files.writeString(file, render(IndicatorCatalogue.load()), UTF_8);
        return file;
    }

    private static String number(double value)
    {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
