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
                ## How a number is made 数值如何产生

                Everything an assessor needs to reproduce a value of `gold.indicator_values` or `gold.base_scores`
                from silver (SPEC §3–§5).

                **Periods, in China time 周期（北京时间）.** A record belongs to the calendar month, in China time
                (Asia/Shanghai), of the indicator's *period by* column: a case registered at 2026-10-31 23:30 China time
                is October's, whatever time zone the engine runs in (the pipeline pins its Spark session to UTC and
                converts explicitly). Zone-less timestamps in deliveries are China time. Quarters and years are
                computed over their whole range from the records, never as means of months; rates keep numerator and
                denominator, so any roll-up is a ratio of sums. `${cutoff}` is the run's data cut-off: the end of the
                run date, China time. Records dated after the cut-off's day are not counted.

                **Status 状态 (A / P / Q / M).** `Q`: the denominator is below the indicator's minimum n — no value,
                numerator and denominator kept. Otherwise `A` (final) when the period ended at least 15 days plus the
                indicator's `final_after_days` before the cut-off, else `P` (provisional). `final_after_days` is 30 for
                the two indicators whose window reaches past the period (on-time closure, 30-day follow-up) and 0 for
                every other, so a final value no longer waits on its window. `M`: a base expected to deliver the dataset
                has no record in the period.

                **Per-capita denominators 人均分母.** The population column summed over the *leaf* divisions of the
                base's latest `divisions` snapshot. A division is a leaf when no other division of the snapshot lies
                under it; a community or village lies under a street when its code starts with the street's covered
                prefix (the 12 digits — 2 province, 2 city, 2 county, 3 street, 3 community — without trailing all-zero
                groups). A street-only snapshot sums its streets; a street listed with its communities counts once,
                through them; a street without listed communities counts itself. A numerator above its population is
                published with the flag `NUMERATOR_EXCEEDS_POPULATION`. A value counting a record whose `division_code`
                lies under no division of the snapshot (neither a listed code nor under a listed division's covered
                prefix; every record, when the base has no snapshot) still counts it and carries the flag
                `RECORDS_OUTSIDE_DIVISIONS`: its population may not be the one the persons live in. Rates carry neither
                flag, their denominator being records, not the snapshot.

                **Percentiles and unfinished events 分位数与未完成事件.** The percentile of n values is Hyndman and
                Fan's type 7 (Spark's `percentile`): with h = (n − 1)p, x(⌊h⌋+1) + (h − ⌊h⌋)(x(⌊h⌋+2) − x(⌊h⌋+1)). An event
                of the population still unfinished at the cut-off (no `responded_at`, no `handled_at`) enters as +∞ once
                it began more than the indicator's `censor_after` before the cut-off (60 minutes for SOS response,
                720 hours for disposal); a younger one is left out. Not recording a response can therefore never make
                the percentile better. When the percentile uses +∞ the value is null with the flag
                `PERCENTILE_UNBOUNDED`. The denominator is n, the values counted.

                **Intervals 置信区间 (95%).** Rates: Wilson score interval of numerator / denominator. Per-capita:
                Garwood's exact Poisson interval of the count k — [G⁻¹(0.025; k), G⁻¹(0.975; k + 1)] with G the
                Gamma(shape, 1) distribution, 0 below for k = 0 — over the population. Percentiles: distribution-free,
                [x(r), x(s)] with r = ⌊np − 1.96√(np(1−p))⌋ and s = ⌈np + 1.96√(np(1−p))⌉ + 1, clamped to 1..n; an upper
                end at +∞ is null. No interval is ever NaN.

                **Outliers 离群标记.** A value carries the flag `OUTLIER` when its modified z, (x − median) /
                (1.4826 · MAD), exceeds 3.5 against the base's own values of the same period type (the 12 months,
                8 quarters or 5 years ending with it, at least half present) or against its cohort's values of the
                same period (at least 5 bases). 修正 z 超过 3.5 的取值标记为离群，取值照常公布、照常评分。The flag
                never hides the value; the data-quality report card (`gold.dq_report_card`) gives the figures
                ([what an assessor takes away](assessors.md)).

                **Small cells 小格保密.** For the health and eldercare indicators, a value whose numerator, or
                denominator minus numerator, is 1 to 4 is not published outside gold (`CONF_STATUS` C), nor is a
                value that would give it away by subtraction between months, quarters and years (D):
                `gold.confidentiality`, applied in the SDMX export, the evaluator views and the report.
                健康与养老指标中计数为 1–4 的取值不对外公布，可由相减推出的取值一并不公布。

                **Score 绩效评分.** Each value is placed linearly between its goalposts (score 0 and score 100) and
                clipped to 0..100; values are averaged within their level (MICRO, MESO, MACRO) and the levels combined
                with weights 0.3 / 0.3 / 0.4. Missing data never helps: an applicable indicator that is `M` (or has no
                row), or a `PERCENTILE_UNBOUNDED` value, scores 0 points in its level; a `Q` value is left out of its
                level's average, and a level whose indicators are all `Q` has its weight spread over the other levels
                in proportion. A base is scored only when at least two thirds of the indicators that apply to it have a
                value (`A` or `P`); `coverage` is that share. A score's `obs_status` is `A` when no value it uses is
                `P`. Tied scores share the better rank (1, 2, 2, 4).

                **Rank intervals 排名区间 (Monte Carlo).** 1,000 draws, seeded from the run's seed and the cohort and
                period, so a rerun gives the same interval. Each draw multiplies each level weight by a uniform factor
                in [0.75, 1.25] and redraws every value: a rate from the Jeffreys posterior Beta(x + ½, n − x + ½), a
                per-capita value from Gamma(k + ½, 1) over its population, a percentile uniformly within its interval;
                `M`, unbounded and `Q` values are scored as above in every draw. Ties within a draw are broken at random.
                Each random number has its own stream, keyed by the draw and by the base and indicator it is for, so
                one base's values never change what is drawn for another.
                `rank_low` and `rank_high` are the 5th and 95th percentiles (nearest rank) of the drawn ranks.

                ## Experiment effects 实验效应

                What a base's AI social experiment changed (2025 guideline §四; method and tests in
                [experiments](experiments.md)). 基地在部分街道、社区或村（实验组）上线一项技术，其余单元作为控制组；
                实验效应回答"这项技术使结果指标改变了多少"。

                **Declaration 实验声明.** A base delivers `experiment_units` (docs/contracts.md): per experiment its
                technology, outcome indicators (catalogue codes) and unit level, and per unit its arm and, for a
                treatment unit, the day the technology went live. 每个实验单元声明组别，实验组另报上线日期。

                **Panel 单元面板 (`gold.experiment_panel`).** Each outcome is the catalogue's own rate, counted over the
                records of each unit (a street covers its communities) month by month in China time — the same
                definition as in `gold.indicator_values`, so a code means the same thing at base and unit level. A
                unit-month below the indicator's minimum n is `Q` and left out of the estimate. 面板与基地层面采用同一
                指标定义；样本量不足的单元月（Q）不参与估计。`first_treated_period` and `period` use R `did`'s
                integer encoding (year × 12 + month − 1; 0 for never treated), so the panel loads into R `did` or
                Python `csdid` as it is.

                **Estimate 估计方法.** Callaway and Sant'Anna's staggered difference-in-differences: for each cohort
                (the units that went live in the same month) and month, the cohort's change since the month before
                its start minus the change of the comparison units — never treated (the headline) or not yet treated.
                These ATT(g, t) are averaged overall (`SIMPLE`, the headline), by months since the start
                (`EVENT_TIME`, negative months are the pre-trend check) and by cohort (`COHORT`). The effect is in the
                outcome's unit: percentage points for a rate. 效应单位为百分点。Intervals come from a unit-clustered
                multiplier bootstrap (999 draws, seeded by the experiment: the same panel always gives the same
                interval); event-time intervals are a uniform band covering all event times at once.

                **Assumptions 识别假设.** Treated units would have moved like the comparison units without the
                technology (parallel trends); nothing changed before the start (no anticipation); a unit's outcome does
                not depend on its neighbours' treatment. The first is checked: the `PRE_TREND` row is the mean of the
                pre-treatment effects, which should be zero, and `wald_p_value` is R `did`'s joint test.
                平行趋势假设通过处理前效应（PRE_TREND）及联合Wald检验核对。

                **Trust grade 可信度等级.** A: nothing flagged. B: one lesser concern (unbalanced panel, a one-unit
                cohort, units or cells left out). C: fewer than 5 treated or comparison units, over 20% of unit-months
                suppressed, or two lesser concerns — indicative only. D: the pre-trend test fails or nothing could be
                estimated — not an effect of the technology. 等级反映设计与数据质量，而非效应大小：D级实验可能有效，
                但数据无法证明。`estimation_flags` also lists what the check of the declaration found (units outside
                the divisions snapshot, an outcome that is not a rate the base delivers).

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
            if (indicator.finalAfterDays() > 0) {
                text.append("- final %d days later than other indicators (`final_after_days`)%n".formatted(indicator.finalAfterDays()));
            }
            text.append("- formula (%s):%n".formatted(indicator.kind()));
            switch (indicator.kind()) {
                case RATIO -> {
                    text.append("  - denominator: records where `").append(indicator.population()).append("`\n");
                    text.append("  - numerator: those records where `").append(indicator.numerator().orElseThrow()).append("`\n");
                    text.append("  - value: numerator / denominator × 100\n");
                }
                case PERCENTILE -> {
                    text.append("  - records where `").append(indicator.population()).append("`\n");
                    text.append("  - value: percentile %s of `%s`; denominator: the number of values%n".formatted(number(indicator.percentile().orElseThrow()),
                            indicator.measure().orElseThrow()));
                    text.append("  - unfinished (measure null) and begun (`%s`) more than %d minutes before the cut-off: +∞; younger: left out%n"
                            .formatted(indicator.startedBy().orElseThrow(), indicator.censorAfterMinutes().orElseThrow()));
                }
                case DISTINCT_PER_CAPITA -> {
                    text.append("  - numerator: distinct `").append(indicator.distinct().orElseThrow()).append("` among records where `").append(indicator.population()).append("`\n");
                    text.append("  - denominator: sum of `divisions.").append(indicator.perCapita().orElseThrow()).append("` over the leaf divisions of the base's latest snapshot\n");
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
