package org.isg.warehouse.contracts.dataset;

/**
 * The 12-digit administrative division codes of the datasets: 2 digits province, 2 city, 2 county,
 * 3 street or township, 3 community or village; trailing all-zero groups mean "this level and
 * above". The prefix a division covers is its code without those groups: a street covers every
 * community and village whose code starts with it. Declared once here, in the Java form the
 * experiments' unit checks use and the SQL form the indicators' per-capita denominators use.
 */
public final class DivisionCodes
{
    /** [start, end) of each level's digits, coarsest first. */
    private static final int[][] LEVELS = {{0, 2}, {2, 4}, {4, 6}, {6, 9}, {9, 12}};

    private DivisionCodes() {}

    /** The prefix a 12-digit division code covers. */
    public static String coveredPrefix(String code)
    {
        for (int level = LEVELS.length - 1; level > 0; level--) {
            int[] digits = LEVELS[level];
            if (!code.substring(digits[0], digits[1]).equals("0".repeat(digits[1] - digits[0]))) {
                return code.substring(0, digits[1]);
            }
        }
        return code.substring(0, LEVELS[0][1]);
    }

    /** The same as a Spark SQL expression over a column holding the code. */
    public static String coveredPrefixSql(String column)
    {
        StringBuilder sql = new StringBuilder("CASE");
        for (int level = LEVELS.length - 1; level > 0; level--) {
            int[] digits = LEVELS[level];
            int length = digits[1] - digits[0];
            sql.append(" WHEN substr(%1$s, %2$d, %3$d) <> '%4$s' THEN substr(%1$s, 1, %5$d)".formatted(column, digits[0] + 1, length, "0".repeat(length), digits[1]));
        }
        return sql.append(" ELSE substr(%s, 1, %d) END".formatted(column, LEVELS[0][1])).toString();
    }
}
