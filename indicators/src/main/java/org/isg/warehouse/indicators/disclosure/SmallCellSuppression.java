package org.isg.warehouse.indicators.disclosure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * Primary and secondary suppression of small cells ({@link DisclosurePolicy}). Primary: a covered
 * cell with a small count is confidential ({@code C}). Secondary: the numerators of an additive
 * indicator (a rate's counts) add up — a quarter is the sum of its months, a year of its quarters —
 * so a suppressed cell that is the only unknown of such a relation could be recovered by
 * subtraction; another cell of the relation is then suppressed too ({@code D}): the published part
 * with the smallest numerator, else the total. Repeated until no relation has exactly one unknown
 * (a new suppression can leave another relation with one). A cell without a numerator (missing)
 * counts as unknown. This protects against exact recovery; bounds (a count is between 0 and the
 * total) remain, as in any cell suppression.
 */
public final class SmallCellSuppression
{
    private SmallCellSuppression() {}

    public enum Status
    {
        /** Free: published. */
        F,
        /** Confidential by the primary rule. */
        C,
        /** Confidential so that a C cell cannot be recovered by subtraction (secondary suppression). */
        D
    }

    /** One published cell: an indicator value of a base and period, with the counts it rests on. */
    public record Cell(String baseCode, String indicatorCode, String dataset, boolean additive, String periodType, String period, Double numerator, Double denominator)
    {
        public Cell
        {
            requireNonNull(baseCode, "baseCode is null");
            requireNonNull(indicatorCode, "indicatorCode is null");
            requireNonNull(dataset, "dataset is null");
            requireNonNull(periodType, "periodType is null");
            requireNonNull(period, "period is null");
        }

        String series()
        {
            return baseCode + "|" + indicatorCode;
        }
    }

    /** Each suppressed cell (C or D); a cell not in the map is free. */
    public static Map<Cell, Status> suppress(Collection<Cell> cells, DisclosurePolicy policy)
    {
        Map<Cell, Status> statuses = new LinkedHashMap<>();
        for (Cell cell : cells) {
            if (policy.primary(cell.dataset(), cell.numerator(), cell.denominator())) {
                statuses.put(cell, Status.C);
            }
        }
        Map<String, List<Cell>> series = new TreeMap<>();
        for (Cell cell : cells) {
            if (cell.additive()) {
                series.computeIfAbsent(cell.series(), ignored -> new ArrayList<>()).add(cell);
            }
        }
        List<Relation> relations = new ArrayList<>();
        for (List<Cell> seriesCells : series.values()) {
            relations.addAll(relations(seriesCells));
        }
        // One order whatever the cells' order (gold's rows come in file order): a year's relation before its quarters', so a
        // quarter taken for the year also covers a small month of it, and no month goes that need not
        relations.sort(Comparator.comparing((Relation relation) -> relation.total().series())
                .thenComparing(relation -> relation.total().periodType().equals("YEAR") ? 0 : 1)
                .thenComparing(relation -> relation.total().period()));
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Relation relation : relations) {
                List<Cell> unknown = relation.members().stream().filter(cell -> unknown(cell, statuses)).toList();
                // one unknown, and it is suppressed (not merely missing): the others give it away
                if (unknown.size() == 1 && statuses.containsKey(unknown.get(0))) {
                    Optional<Cell> secondary = relation.parts().stream().filter(cell -> !unknown(cell, statuses))
                            .min(Comparator.comparing(Cell::numerator).thenComparing(Cell::period));
                    Cell chosen = secondary.orElse(relation.total());
                    statuses.put(chosen, Status.D);
                    changed = true;
                }
            }
        }
        return statuses;
    }

    /** A total and the parts that add up to it. */
    public record Relation(Cell total, List<Cell> parts)
    {
        public Relation
        {
            requireNonNull(total, "total is null");
            parts = List.copyOf(parts);
        }

        public List<Cell> members()
        {
            List<Cell> members = new ArrayList<>(parts);
            members.add(total);
            return members;
        }
    }

    /** Quarter = its months; year = its quarters: the relations of one base's additive indicator. */
    public static List<Relation> relations(List<Cell> seriesCells)
    {
        Map<String, Cell> byPeriod = new TreeMap<>();
        seriesCells.forEach(cell -> byPeriod.put(cell.periodType() + "|" + cell.period(), cell));
        List<Relation> relations = new ArrayList<>();
        for (Cell cell : seriesCells) {
            List<Cell> parts = new ArrayList<>();
            switch (cell.periodType()) {
                case "QUARTER" -> {
                    int quarter = Integer.parseInt(cell.period().substring(6, 7));
                    for (int month = quarter * 3 - 2; month <= quarter * 3; month++) {
                        Optional.ofNullable(byPeriod.get("MONTH|%s-%02d".formatted(cell.period().substring(0, 4), month))).ifPresent(parts::add);
                    }
                }
                case "YEAR" -> {
                    for (int quarter = 1; quarter <= 4; quarter++) {
                        Optional.ofNullable(byPeriod.get("QUARTER|%s-Q%d".formatted(cell.period(), quarter))).ifPresent(parts::add);
                    }
                }
                default -> { }
            }
            if (!parts.isEmpty()) {
                relations.add(new Relation(cell, parts));
            }
        }
        return relations;
    }

    private static boolean unknown(Cell cell, Map<Cell, Status> statuses)
    {
        return cell.numerator() == null || statuses.containsKey(cell);
    }
}
