package org.isg.warehouse.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.isg.warehouse.contracts.dataset.Column;
import org.isg.warehouse.contracts.dataset.Dataset;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The versioned access rules against the contracts: every personal-identifier column of every
 * dataset is masked for evaluators, so a new identifier column cannot slip through unmasked.
 * (What the rules do is proven against a running server in the jobs module's ServingTest.)
 */
class AccessRulesTest
{
    @Test
    void everyPersonalIdentifierIsMaskedForEvaluators()
            throws Exception
    {
        JsonNode rules = new ObjectMapper().readTree(TrinoServer.resource("trino/etc/rules.json"));
        Set<String> masked = new HashSet<>();
        for (JsonNode rule : rules.path("tables")) {
            if (rule.path("user").asText().startsWith("evaluator_") && rule.has("filter")) {
                rule.path("columns").forEach(column -> {
                    if (column.has("mask")) {
                        masked.add(column.path("name").asText());
                    }
                });
            }
        }
        Set<String> identifiers = new HashSet<>();
        for (Dataset dataset : Dataset.values()) {
            dataset.contract().personalIdentifiers().stream().map(Column::name).forEach(identifiers::add);
        }
        assertThat(identifiers).isNotEmpty();
        assertThat(masked).containsAll(identifiers);
    }

    @Test
    void everyViewFileIsListedAndCreatesTheViewItIsNamedFor()
    {
        for (String file : Publisher.viewFiles()) {
            String view = file.substring(0, file.length() - ".sql".length());
            assertThat(TrinoServer.resource("views/" + file)).contains("CREATE OR REPLACE VIEW isg." + view + "\n").contains("SECURITY INVOKER");
        }
        assertThat(Publisher.viewFiles()).hasSize(8);
    }
}
