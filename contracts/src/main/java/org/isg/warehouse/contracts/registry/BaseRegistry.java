package org.isg.warehouse.contracts.registry;

import org.isg.warehouse.contracts.dataset.Dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * The 92 bases and the datasets each is expected to deliver, loaded from the versioned data files
 * {@code bases-v1.tsv} and {@code expected-deliveries-v1.tsv} beside this class.
 */
public final class BaseRegistry
{
    public static final String VERSION = "v1";

    private final Map<String, Base> bases;
    private final Map<String, Set<Dataset>> expectedByKey;
    private final Map<String, Optional<YearMonth>> expectedFromByKey;

    private BaseRegistry(Map<String, Base> bases, Map<String, Set<Dataset>> expectedByKey, Map<String, Optional<YearMonth>> expectedFromByKey)
    {
        this.bases = Collections.unmodifiableMap(requireNonNull(bases, "bases is null"));
        this.expectedByKey = Collections.unmodifiableMap(requireNonNull(expectedByKey, "expectedByKey is null"));
        this.expectedFromByKey = Collections.unmodifiableMap(requireNonNull(expectedFromByKey, "expectedFromByKey is null"));
    }

    public static BaseRegistry load()
    {
        Map<String, Base> bases = new LinkedHashMap<>();
        for (List<String> fields : readTsv("bases-v1.tsv", 6)) {
            String code = fields.get(0);
            BaseType type = BaseType.valueOf(fields.get(1));
            Optional<Domain> domain = fields.get(2).equals("-") ? Optional.empty() : Optional.of(Domain.fromCodePrefix(fields.get(2)));
            Base base = new Base(code, type, domain, Integer.parseInt(fields.get(3)), fields.get(4), fields.get(5));
            if (bases.put(code, base) != null) {
                throw new IllegalStateException("bases-v1.tsv: duplicate base code " + code);
            }
        }
        Map<String, Set<Dataset>> expected = new LinkedHashMap<>();
        Map<String, Optional<YearMonth>> expectedFrom = new LinkedHashMap<>();
        for (List<String> fields : readTsv("expected-deliveries-v1.tsv", 3)) {
            Set<Dataset> datasets = EnumSet.noneOf(Dataset.class);
            if (!fields.get(1).equals("-")) {
                for (String name : fields.get(1).split(",", -1)) {
                    datasets.add(Dataset.fromName(name.trim()).orElseThrow(() -> new IllegalStateException("expected-deliveries-v1.tsv: unknown dataset " + name)));
                }
            }
            expected.put(fields.get(0), Collections.unmodifiableSet(datasets));
            try {
                expectedFrom.put(fields.get(0), fields.get(2).equals("-") ? Optional.empty() : Optional.of(YearMonth.parse(fields.get(2))));
            }
            catch (DateTimeParseException e) {
                throw new IllegalStateException("expected-deliveries-v1.tsv: expected_from of " + fields.get(0) + " is not yyyy-MM or -");
            }
        }
        BaseRegistry registry = new BaseRegistry(bases, expected, expectedFrom);
        for (Base base : bases.values()) {
            if (!expected.containsKey(cohortKey(base))) {
                throw new IllegalStateException("expected-deliveries-v1.tsv: no line for cohort " + cohortKey(base));
            }
        }
        return registry;
    }

    public List<Base> bases()
    {
        return List.copyOf(bases.values());
    }

    public Optional<Base> base(String code)
    {
        return Optional.ofNullable(bases.get(code));
    }

    public Set<Dataset> expectedDatasets(Base base)
    {
        return expectedByKey.get(key(base));
    }

    /**
     * The first month the base is expected to deliver its datasets (SPEC §3); empty for the default,
     * the month of the warehouse's first night.
     */
    public Optional<YearMonth> expectedFrom(Base base)
    {
        return expectedFromByKey.get(key(base));
    }

    /** The base's own line of the expected-deliveries table, else its cohort's. */
    private String key(Base base)
    {
        return expectedByKey.containsKey(base.code()) ? base.code() : cohortKey(base);
    }

    public boolean isExpected(String baseCode, Dataset dataset)
    {
        return base(baseCode).map(base -> expectedDatasets(base).contains(dataset)).orElse(false);
    }

    /**
     * Whether the warehouse takes the dataset from the base: a dataset it is expected to deliver, or
     * one {@linkplain Dataset#deliveredOnChange() delivered on change} from a base that delivers any.
     */
    public boolean mayDeliver(String baseCode, Dataset dataset)
    {
        return base(baseCode).map(base -> expectedDatasets(base).contains(dataset) || (dataset.deliveredOnChange() && !expectedDatasets(base).isEmpty()))
                .orElse(false);
    }

    /**
     * Bases expected to deliver the dataset, in registry order.
     */
    public List<Base> deliveringBases(Dataset dataset)
    {
        return bases.values().stream().filter(base -> expectedDatasets(base).contains(dataset)).toList();
    }

    /**
     * Bases expected to deliver at least one dataset, in registry order.
     */
    public List<Base> deliveringBases()
    {
        return bases.values().stream().filter(base -> !expectedDatasets(base).isEmpty()).toList();
    }

    private static String cohortKey(Base base)
    {
        return base.domain().map(Domain::codePrefix).orElse(BaseType.COMPREHENSIVE.name());
    }

    private static List<List<String>> readTsv(String resource, int fieldCount)
    {
        InputStream stream = BaseRegistry.class.getResourceAsStream(resource);
        if (stream == null) {
            throw new IllegalStateException("Missing registry resource " + resource);
        }
        List<List<String>> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, UTF_8))) {
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                List<String> fields = List.of(line.split("\t", -1));
                if (fields.size() != fieldCount) {
                    throw new IllegalStateException("%s line %d: expected %d tab-separated fields, found %d".formatted(resource, lineNumber, fieldCount, fields.size()));
                }
                rows.add(fields);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
