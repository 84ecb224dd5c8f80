package org.isg.warehouse.indicators;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.isg.warehouse.contracts.dataset.ColumnType;
import org.isg.warehouse.contracts.dataset.Dataset;
import org.isg.warehouse.contracts.dataset.DatasetContract;
import org.isg.warehouse.contracts.text.Sha256;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * The indicator catalogue, loaded from {@code catalogue-v1.json} beside this class and validated:
 * every field present and of the right kind, codes unique, expressions parsable by Spark's SQL
 * parser and referring only to columns of the entry's dataset. A problem fails the load with a
 * message naming the entry and the field. Adding an indicator is adding an entry.
 */
public final class IndicatorCatalogue
{
    public static final String RESOURCE = "catalogue-v1.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectMapper CANONICAL = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final Set<String> COMMON_FIELDS = Set.of("code", "version", "name_zh", "name_en", "level", "dataset", "period_by", "kind", "population",
            "unit", "direction", "minimum_n", "goalposts", "description", "guideline", "final_after_days");
    private static final Map<IndicatorKind, Set<String>> KIND_FIELDS = Map.of(
            IndicatorKind.RATIO, Set.of("numerator"),
            IndicatorKind.PERCENTILE, Set.of("measure", "percentile", "started_by", "censor_after_minutes"),
            IndicatorKind.DISTINCT_PER_CAPITA, Set.of("distinct", "per_capita"),
            IndicatorKind.LATEST_PER_ENTITY_RATIO, Set.of("entity", "latest_by", "numerator"));
    private static final Map<IndicatorKind, String> KIND_UNITS = Map.of(
            IndicatorKind.RATIO, "%",
            IndicatorKind.DISTINCT_PER_CAPITA, "‰",
            IndicatorKind.LATEST_PER_ENTITY_RATIO, "%");
    /** Stands in for the cut-off while an expression is parsed. */
    private static final String CUTOFF_LITERAL = "TIMESTAMP '2000-01-01 00:00:00'";

    private final String version;
    private final List<Indicator> indicators;

    private IndicatorCatalogue(String version, List<Indicator> indicators)
    {
        this.version = requireNonNull(version, "version is null");
        this.indicators = List.copyOf(indicators);
    }

    public static IndicatorCatalogue load()
    {
        try (InputStream stream = IndicatorCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (stream == null) {
                throw new CatalogueException("missing catalogue resource " + RESOURCE);
            }
            return parse(new String(stream.readAllBytes(), UTF_8));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static IndicatorCatalogue parse(String json)
    {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        }
        catch (JsonProcessingException e) {
            throw new CatalogueException("catalogue: not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.path("indicators").isArray()) {
            throw new CatalogueException("catalogue: an object with an 'indicators' array is expected");
        }
        List<Indicator> indicators = new ArrayList<>();
        Set<String> codes = new TreeSet<>();
        int position = 0;
        for (JsonNode entry : root.get("indicators")) {
            position++;
            Indicator indicator = indicator(entry, position);
            if (!codes.add(indicator.code())) {
                throw new CatalogueException("indicator " + indicator.code() + ": duplicate code");
            }
            indicators.add(indicator);
        }
        return new IndicatorCatalogue(root.path("catalogue_version").asText("v1"), indicators);
    }

    public String version()
    {
        return version;
    }

    public List<Indicator> indicators()
    {
        return indicators;
    }

    public Optional<Indicator> indicator(String code)
    {
        return indicators.stream().filter(indicator -> indicator.code().equals(code)).findFirst();
    }

    public List<Indicator> indicators(Dataset dataset)
    {
        return indicators.stream().filter(indicator -> indicator.dataset() == dataset).toList();
    }

    private static Indicator indicator(JsonNode entry, int position)
    {
        if (!entry.isObject()) {
            throw new CatalogueException("indicator #" + position + ": not an object");
        }
        String code = entry.path("code").asText("");
        if (!code.matches("[A-Z][A-Z0-9_]*")) {
            throw new CatalogueException("indicator #" + position + ": code is missing or not UPPER_SNAKE_CASE");
        }
        Entry fields = new Entry(code, entry);
        IndicatorKind kind = fields.enumeration("kind", IndicatorKind.class);
        Set<String> allowed = new TreeSet<>(COMMON_FIELDS);
        allowed.addAll(KIND_FIELDS.get(kind));
        for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw fields.problem(name, "is not a field of a " + kind + " indicator (allowed: " + allowed + ")");
            }
        }
        Dataset dataset = Dataset.fromName(fields.text("dataset")).filter(candidate -> candidate != Dataset.DIVISIONS)
                .orElseThrow(() -> fields.problem("dataset", "names no dataset with records (grid_cases, eldercare_service_logs, health_screenings, three_assets_ledger)"));
        DatasetContract contract = dataset.contract();
        String periodBy = fields.text("period_by");
        ColumnType periodType = contract.column(periodBy).map(column -> column.type())
                .orElseThrow(() -> fields.problem("period_by", "'" + periodBy + "' is not a column of " + dataset.tableName()));
        if (periodType != ColumnType.TIMESTAMP && periodType != ColumnType.DATE) {
            throw fields.problem("period_by", "'" + periodBy + "' is not a timestamp or date column");
        }
        String population = fields.expression("population", contract);
        Optional<String> numerator = KIND_FIELDS.get(kind).contains("numerator") ? Optional.of(fields.expression("numerator", contract)) : Optional.empty();
        Optional<String> measure = KIND_FIELDS.get(kind).contains("measure") ? Optional.of(fields.expression("measure", contract)) : Optional.empty();
        OptionalDouble percentile = OptionalDouble.empty();
        if (kind == IndicatorKind.PERCENTILE) {
            double value = fields.number("percentile");
            if (value <= 0 || value >= 1) {
                throw fields.problem("percentile", "must be between 0 and 1 (exclusive)");
            }
            percentile = OptionalDouble.of(value);
        }
        Optional<String> distinct = KIND_FIELDS.get(kind).contains("distinct") ? Optional.of(fields.expression("distinct", contract)) : Optional.empty();
        Optional<String> perCapita = Optional.empty();
        if (kind == IndicatorKind.DISTINCT_PER_CAPITA) {
            String column = fields.text("per_capita");
            if (Dataset.DIVISIONS.contract().column(column).map(candidate -> candidate.type() != ColumnType.INT).orElse(true)) {
                throw fields.problem("per_capita", "'" + column + "' is not a population column of divisions");
            }
            perCapita = Optional.of(column);
        }
        Optional<String> entity = KIND_FIELDS.get(kind).contains("entity") ? Optional.of(fields.expression("entity", contract)) : Optional.empty();
        List<String> latestBy = new ArrayList<>();
        if (kind == IndicatorKind.LATEST_PER_ENTITY_RATIO) {
            JsonNode order = entry.get("latest_by");
            if (order == null || !order.isArray() || order.isEmpty()) {
                throw fields.problem("latest_by", "is missing or not a non-empty list of expressions");
            }
            for (JsonNode expression : order) {
                latestBy.add(fields.checkedExpression("latest_by", expression.asText(""), contract));
            }
        }
        String unit = fields.text("unit");
        if (KIND_UNITS.containsKey(kind) && !KIND_UNITS.get(kind).equals(unit)) {
            throw fields.problem("unit", "a " + kind + " indicator is in " + KIND_UNITS.get(kind));
        }
        Direction direction = fields.enumeration("direction", Direction.class);
        JsonNode goalpostsNode = entry.get("goalposts");
        if (goalpostsNode == null || !goalpostsNode.path("score_0").isNumber() || !goalpostsNode.path("score_100").isNumber()) {
            throw fields.problem("goalposts", "needs numbers score_0 and score_100");
        }
        Goalposts goalposts = new Goalposts(goalpostsNode.get("score_0").asDouble(), goalpostsNode.get("score_100").asDouble());
        if ((direction == Direction.UP) != (goalposts.scoreZero() < goalposts.scoreHundred())) {
            throw fields.problem("goalposts", "score_100 must be %s than score_0 for direction %s".formatted(direction == Direction.UP ? "higher" : "lower", direction));
        }
        // optional, 0 when absent: an entry without it keeps its definition hash
        int finalAfterDays = entry.has("final_after_days") ? fields.integer("final_after_days") : 0;
        if (finalAfterDays < 0) {
            throw fields.problem("final_after_days", "must not be negative");
        }
        Optional<String> startedBy = Optional.empty();
        OptionalInt censorAfterMinutes = OptionalInt.empty();
        if (kind == IndicatorKind.PERCENTILE) {
            startedBy = Optional.of(fields.expression("started_by", contract));
            censorAfterMinutes = OptionalInt.of(fields.integer("censor_after_minutes"));
            if (censorAfterMinutes.getAsInt() < 1) {
                throw fields.problem("censor_after_minutes", "must be at least 1");
            }
        }
        int minimumN = fields.integer("minimum_n");
        int version = fields.integer("version");
        if (minimumN < 1 || version < 1) {
            throw fields.problem(minimumN < 1 ? "minimum_n" : "version", "must be at least 1");
        }
        return new Indicator(code, version, fields.text("name_zh"), fields.text("name_en"), fields.enumeration("level", Level.class), dataset, periodBy, kind,
                population, numerator, measure, percentile, distinct, perCapita, entity, latestBy, unit, direction, minimumN, goalposts,
                fields.text("description"), fields.text("guideline"), finalAfterDays, startedBy, censorAfterMinutes, hash(entry));
    }

    /** First 16 hex of the SHA-256 of the entry's JSON with keys sorted: any change of the definition changes it. */
    static String hash(JsonNode entry)
    {
        try {
            Object canonical = MAPPER.treeToValue(entry, Object.class);
            byte[] bytes = CANONICAL.writeValueAsBytes(sorted(canonical));
            return Sha256.hex(bytes).substring(0, 16);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object sorted(Object value)
    {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> result = new TreeMap<>();
            map.forEach((key, child) -> result.put((String) key, sorted(child)));
            return result;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(IndicatorCatalogue::sorted).toList();
        }
        return value;
    }

    /** Field access for one entry, with errors that name the entry and the field. */
    private record Entry(String code, JsonNode node)
    {
        CatalogueException problem(String field, String message)
        {
            return new CatalogueException("indicator " + code + ": " + field + " " + message);
        }

        String text(String field)
        {
            JsonNode value = node.get(field);
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                throw problem(field, "is missing or not a non-empty string");
            }
            return value.asText();
        }

        int integer(String field)
        {
            JsonNode value = node.get(field);
            if (value == null || !value.isIntegralNumber()) {
                throw problem(field, "is missing or not an integer");
            }
            return value.asInt();
        }

        double number(String field)
        {
            JsonNode value = node.get(field);
            if (value == null || !value.isNumber()) {
                throw problem(field, "is missing or not a number");
            }
            return value.asDouble();
        }

        <E extends Enum<E>> E enumeration(String field, Class<E> type)
        {
            String value = text(field);
            try {
                return Enum.valueOf(type, value);
            }
            catch (IllegalArgumentException e) {
                throw problem(field, "'" + value + "' is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
            }
        }

        String expression(String field, DatasetContract contract)
        {
            return checkedExpression(field, text(field), contract);
        }

        /** Parses the expression with Spark's SQL parser and checks that it only names the dataset's columns. */
        String checkedExpression(String field, String text, DatasetContract contract)
        {
            String withoutCutoff = text.replace(Indicator.CUTOFF_PLACEHOLDER, CUTOFF_LITERAL);
            if (withoutCutoff.contains("${")) {
                throw problem(field, "uses a placeholder other than " + Indicator.CUTOFF_PLACEHOLDER);
            }
            Expression expression;
            try {
                expression = CatalystSqlParser$.MODULE$.parseExpression(withoutCutoff);
            }
            catch (Exception e) {
                // Spark's ParseException is checked in Java terms, though Scala declares nothing
                String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
                throw problem(field, "is not a valid Spark SQL expression: " + message);
            }
            Set<String> unknown = new TreeSet<>();
            expression.foreach(new AbstractFunction1<Expression, BoxedUnit>()
            {
                @Override
                public BoxedUnit apply(Expression node)
                {
                    if (node instanceof UnresolvedAttribute attribute && contract.column(attribute.name()).isEmpty() && !attribute.name().equals("base_code")) {
                        unknown.add(attribute.name());
                    }
                    return BoxedUnit.UNIT;
                }
            });
            if (!unknown.isEmpty()) {
                throw problem(field, "names columns that " + contract.dataset().tableName() + " does not have: " + unknown);
            }
            return text;
        }
    }

}
