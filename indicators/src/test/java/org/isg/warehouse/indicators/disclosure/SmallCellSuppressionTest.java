package org.isg.warehouse.indicators.disclosure;

import org.isg.warehouse.indicators.disclosure.SmallCellSuppression.Cell;
import org.isg.warehouse.indicators.disclosure.SmallCellSuppression.Status;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SmallCellSuppressionTest
{
    private static final DisclosurePolicy POLICY = new DisclosurePolicy(1, 5, Set.of("health_screenings"), true);
    private static final String DATASET = "health_screenings";

    @Test
    void thePrimaryRuleCoversSmallCountsAndSmallComplementsOfItsDatasetsOnly()
    {
        assertThat(POLICY.primary(DATASET, 3.0, 40.0)).isTrue();
        // 0 reveals no one; 5 is the smallest count published
        assertThat(POLICY.primary(DATASET, 0.0, 40.0)).isFalse();
        assertThat(POLICY.primary(DATASET, 5.0, 40.0)).isFalse();
        // 38 of 40: two people did not, a small complement
        assertThat(POLICY.primary(DATASET, 38.0, 40.0)).isTrue();
        assertThat(POLICY.primary(DATASET, 40.0, 40.0)).isFalse();
        assertThat(POLICY.primary("grid_cases", 3.0, 40.0)).isFalse();
        assertThat(DisclosurePolicy.load().datasets()).containsExactlyInAnyOrder("health_screenings", "eldercare_service_logs");
    }

    @Test
    void theSubtractionAttackRecoversNoSuppressedCount()
    {
        // C01, 2026: October's count is 3 (primary); Q4 = 3 + 40 + 50 = 93 and every other month and quarter is published.
        // Without secondary suppression October = Q4 − November − December.
        List<Cell> cells = year(new double[] {20, 22, 25, 30, 31, 29, 35, 33, 36, 3, 40, 50});
        Map<Cell, Status> statuses = SmallCellSuppression.suppress(cells, POLICY);
        assertThat(statuses.get(cell(cells, "MONTH", "2026-10"))).isEqualTo(Status.C);
        // the smallest other month of the quarter goes with it: November (40 < 50)
        assertThat(statuses.get(cell(cells, "MONTH", "2026-11"))).isEqualTo(Status.D);
        assertThat(statuses).hasSize(2);
        assertThat(recoverable(cells, statuses)).isEmpty();
        // the attack works on the primary suppression alone: it is what secondary suppression is for
        Map<Cell, Status> primaryOnly = Map.of(cell(cells, "MONTH", "2026-10"), Status.C);
        assertThat(recoverable(cells, primaryOnly)).containsExactly(cell(cells, "MONTH", "2026-10"));
    }

    @Test
    void aSuppressedQuarterTakesAMonthAndAnotherQuarterWithIt()
    {
        // a quarter whose only month so far is small: the quarter equals the month (C and D), the year equals the quarters
        List<Cell> cells = new ArrayList<>();
        cells.add(new Cell("C01", "HS_X", DATASET, true, "MONTH", "2026-01", 60.0, 100.0));
        cells.add(new Cell("C01", "HS_X", DATASET, true, "MONTH", "2026-02", 70.0, 100.0));
        cells.add(new Cell("C01", "HS_X", DATASET, true, "MONTH", "2026-03", 80.0, 100.0));
        cells.add(new Cell("C01", "HS_X", DATASET, true, "MONTH", "2026-04", 2.0, 10.0));
        cells.add(new Cell("C01", "HS_X", DATASET, true, "QUARTER", "2026-Q1", 210.0, 300.0));
        cells.add(new Cell("C01", "HS_X", DATASET, true, "QUARTER", "2026-Q2", 2.0, 10.0));
        cells.add(new Cell("C01", "HS_X", DATASET, true, "YEAR", "2026", 212.0, 310.0));
        Map<Cell, Status> statuses = SmallCellSuppression.suppress(cells, POLICY);
        // April and Q2 are small themselves (C); the year relation then has Q2 alone unknown: Q1 goes (D), and Q1's months
        // relation has Q1 alone unknown: January goes (D), and January's quarter now has two unknowns
        assertThat(statuses.get(cells.get(3))).isEqualTo(Status.C);
        assertThat(statuses.get(cells.get(5))).isEqualTo(Status.C);
        assertThat(statuses.get(cells.get(4))).isEqualTo(Status.D);
        assertThat(statuses.get(cells.get(0))).isEqualTo(Status.D);
        assertThat(recoverable(cells, statuses)).isEmpty();
    }

    @Test
    void theOrderOfTheCellsDoesNotChangeWhatIsSuppressed()
    {
        // January is small (C), and so is all of Q2 (1 + 1 + 1 = 3: C). The year then gives Q2 away unless Q1 (48, the smallest
        // other quarter) goes too; Q1's months give January away unless Q1 or February goes. Taken year first, Q1 alone covers
        // both; taken Q1's months first, February goes as well. Either is safe; which one must not depend on the order gold's
        // rows are read in (an incremental table and a rebuilt one hold the same rows in other files)
        List<Cell> cells = new ArrayList<>(year(new double[] {3, 20, 25, 1, 1, 1, 35, 33, 36, 40, 41, 50}));
        Map<Cell, Status> expected = SmallCellSuppression.suppress(cells, POLICY);
        // the year first: Q1 covers the year's Q2 and January, and February stays published
        assertThat(expected).containsOnlyKeys(cell(cells, "MONTH", "2026-01"), cell(cells, "MONTH", "2026-04"), cell(cells, "MONTH", "2026-05"),
                cell(cells, "MONTH", "2026-06"), cell(cells, "QUARTER", "2026-Q2"), cell(cells, "QUARTER", "2026-Q1"));
        assertThat(expected.get(cell(cells, "QUARTER", "2026-Q1"))).isEqualTo(Status.D);
        assertThat(recoverable(cells, expected)).isEmpty();
        java.util.Random random = new java.util.Random(7);
        for (int shuffle = 0; shuffle < 200; shuffle++) {
            java.util.Collections.shuffle(cells, random);
            assertThat(SmallCellSuppression.suppress(cells, POLICY)).as("shuffle %d", shuffle).isEqualTo(expected);
        }
    }

    @Test
    void indicatorsThatDoNotAddUpGetThePrimaryRuleOnly()
    {
        List<Cell> cells = new ArrayList<>();
        for (Cell cell : year(new double[] {20, 22, 25, 30, 31, 29, 35, 33, 36, 3, 40, 50})) {
            cells.add(new Cell(cell.baseCode(), cell.indicatorCode(), cell.dataset(), false, cell.periodType(), cell.period(), cell.numerator(), cell.denominator()));
        }
        assertThat(SmallCellSuppression.suppress(cells, POLICY)).hasSize(1);
    }

    /** Months with these numerators (denominator 100 each), their quarters and the year, as sums. */
    private static List<Cell> year(double[] months)
    {
        List<Cell> cells = new ArrayList<>();
        double[] quarters = new double[4];
        for (int month = 1; month <= 12; month++) {
            cells.add(new Cell("C01", "HS_X", DATASET, true, "MONTH", "2026-%02d".formatted(month), months[month - 1], 100.0));
            quarters[(month - 1) / 3] += months[month - 1];
        }
        double total = 0;
        for (int quarter = 1; quarter <= 4; quarter++) {
            cells.add(new Cell("C01", "HS_X", DATASET, true, "QUARTER", "2026-Q" + quarter, quarters[quarter - 1], 300.0));
            total += quarters[quarter - 1];
        }
        cells.add(new Cell("C01", "HS_X", DATASET, true, "YEAR", "2026", total, 1200.0));
        return cells;
    }

    private static Cell cell(List<Cell> cells, String periodType, String period)
    {
        return cells.stream().filter(cell -> cell.periodType().equals(periodType) && cell.period().equals(period)).findFirst().orElseThrow();
    }

    /**
     * The attacker: every relation "total = sum of parts" as a linear equation over the suppressed
     * cells (published ones are known numbers); a suppressed cell is recovered when its unit vector
     * lies in the row space of the equations (Gaussian elimination, ranks compared).
     */
    private static List<Cell> recoverable(List<Cell> cells, Map<Cell, Status> statuses)
    {
        List<Cell> unknowns = new ArrayList<>(statuses.keySet());
        List<double[]> equations = new ArrayList<>();
        for (SmallCellSuppression.Relation relation : SmallCellSuppression.relations(cells)) {
            double[] row = new double[unknowns.size()];
            for (Cell part : relation.parts()) {
                if (unknowns.contains(part)) {
                    row[unknowns.indexOf(part)] += 1;
                }
            }
            if (unknowns.contains(relation.total())) {
                row[unknowns.indexOf(relation.total())] -= 1;
            }
            equations.add(row);
        }
        int rank = rank(equations);
        List<Cell> recovered = new ArrayList<>();
        for (int index = 0; index < unknowns.size(); index++) {
            List<double[]> extended = new ArrayList<>(equations);
            double[] unit = new double[unknowns.size()];
            unit[index] = 1;
            extended.add(unit);
            if (rank(extended) == rank) {
                recovered.add(unknowns.get(index));
            }
        }
        return recovered;
    }

    private static int rank(List<double[]> rows)
    {
        double[][] matrix = rows.stream().map(double[]::clone).toArray(double[][]::new);
        int rank = 0;
        int columns = matrix.length == 0 ? 0 : matrix[0].length;
        for (int column = 0; column < columns && rank < matrix.length; column++) {
            int pivot = rank;
            for (int row = rank + 1; row < matrix.length; row++) {
                if (Math.abs(matrix[row][column]) > Math.abs(matrix[pivot][column])) {
                    pivot = row;
                }
            }
            if (Math.abs(matrix[pivot][column]) < 1e-9) {
                continue;
            }
            double[] swap = matrix[pivot];
            matrix[pivot] = matrix[rank];
            matrix[rank] = swap;
            for (int row = 0; row < matrix.length; row++) {
                if (row != rank) {
                    double factor = matrix[row][column] / matrix[rank][column];
                    for (int each = column; each < columns; each++) {
                        matrix[row][each] -= factor * matrix[rank][each];
                    }
                }
            }
            rank++;
        }
        return rank;
    }
}
