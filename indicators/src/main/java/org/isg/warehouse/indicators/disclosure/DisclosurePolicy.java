package org.isg.warehouse.indicators.disclosure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.isg.warehouse.contracts.dataset.Dataset;
import org.isg.warehouse.indicators.CatalogueException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * The primary rule of small-cell confidentiality, as data ({@code disclosure-v1.json} beside the
 * catalogue): which datasets' indicators it covers, the smallest count that may be published, and
 * whether the complement (denominator − numerator) is protected too.
 *
 * @param minimumCount counts from 1 to {@code minimumCount − 1} are suppressed; 0 is published (an absence reveals no one)
 */
public record DisclosurePolicy(int version, int minimumCount, Set<String> datasets, boolean protectComplement)
{
    private static final String RESOURCE = "/org/isg/warehouse/indicators/disclosure-v1.json";

    public DisclosurePolicy
    {
        if (minimumCount < 1) {
            throw new CatalogueException("disclosure policy: minimum_count must be at least 1");
        }
        datasets = Set.copyOf(requireNonNull(datasets, "datasets is null"));
    }

    public static DisclosurePolicy load()
    {
        try (InputStream stream = DisclosurePolicy.class.getResourceAsStream(RESOURCE)) {
            if (stream == null) {
                throw new CatalogueException("missing disclosure policy " + RESOURCE);
            }
            JsonNode root = new ObjectMapper().readTree(stream);
            Set<String> datasets = new TreeSet<>();
            List<String> unknown = new ArrayList<>();
            for (JsonNode dataset : root.path("datasets")) {
                (Dataset.fromName(dataset.asText()).isPresent() ? datasets : unknown).add(dataset.asText());
            }
            if (!unknown.isEmpty() || !root.path("minimum_count").isInt() || !root.path("protect_complement").isBoolean()) {
                throw new CatalogueException("disclosure policy: minimum_count (an integer), datasets (dataset names) and protect_complement (true or false) are required; "
                        + "unknown datasets: " + unknown.size());
            }
            return new DisclosurePolicy(root.path("version").asInt(1), root.path("minimum_count").asInt(), datasets, root.path("protect_complement").asBoolean());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a cell of an indicator of the dataset with these counts is suppressed by the primary rule. */
    public boolean primary(String dataset, Double numerator, Double denominator)
    {
        if (!datasets.contains(dataset) || numerator == null) {
            return false;
        }
        boolean small = numerator > 0 && numerator < minimumCount;
        boolean smallComplement = protectComplement && denominator != null && denominator - numerator > 0 && denominator - numerator < minimumCount;
        return small || smallComplement;
    }
}
