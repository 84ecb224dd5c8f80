package org.isg.warehouse.contracts.dataset;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetContractTest
{
    @Test
    void rulesFollowingFromTheColumnsComeFirstInAFixedOrder()
    {
        DatasetContract contract = DatasetContract.builder(Dataset.DIVISIONS, "division_code")
                .required("division_code", ColumnType.STRING, "code")
                .optional("population", ColumnType.INT, "people")
                .requiredEnum("level", List.of("STREET", "VILLAGE"), "level")
                .nonNegative("population")
                .build();
        assertThat(contract.rules()).extracting(Rule::name).containsExactly(
                "record.well_formed",
                "division_code.required",
                "level.required",
                "population.type",
                "level.allowed_values",
                "division_code.unique_in_delivery",
                "population.non_negative");
    }

    @Test
    void ruleNamesAreDerivedFromTheDeclaration()
    {
        assertThat(new Rule.Range("satisfaction", Bound.of(1), Bound.of(5)).name()).isEqualTo("satisfaction.range");
        assertThat(new Rule.Range("rework_count", Bound.of(0), new Bound.Unbounded()).name()).isEqualTo("rework_count.non_negative");
        assertThat(new Rule.Range("rework_count", Bound.of(1), new Bound.Unbounded()).name()).isEqualTo("rework_count.range");
        assertThat(new Rule.NotBefore("closed_at", "handled_at").name()).isEqualTo("closed_at.not_before_handled_at");
        assertThat(new Rule.AtMost("population_adult", "population").name()).isEqualTo("population_adult.within_population");
        assertThat(new Rule.RequiredWhen("closed_at", "required_when_closed", List.of(Condition.in("status", "CLOSED"))).name())
                .isEqualTo("closed_at.required_when_closed");
    }

    @Test
    void rejectsRulesOverMissingColumnsOrColumnsOfTheWrongType()
    {
        assertThatThrownBy(() -> divisions().nonNegative("households").build())
                .hasMessage("divisions: rule households.non_negative reads households, which is not a column");
        assertThatThrownBy(() -> divisions().nonNegative("name").build())
                .hasMessage("divisions: rule name.non_negative needs name to be [INT, DECIMAL], not STRING");
        assertThatThrownBy(() -> divisions().notBefore("population", "name").build())
                .hasMessage("divisions: rule population.not_before_name needs population to be [TIMESTAMP], not INT");
        assertThatThrownBy(() -> divisions().rule(new Rule.Pattern("name", "format", "[0-9]+", "digits")).build())
                .hasMessage("Rule name.format: the pattern must be anchored with ^ and $");
        assertThatThrownBy(() -> divisions().range("population", 5, 1).build())
                .hasMessage("Rule on population: the low bound is above the high bound");
        assertThatThrownBy(() -> divisions().nonNegative("population").nonNegative("population").build())
                .hasMessage("divisions: duplicate rule population.non_negative");
    }

    @Test
    void theCheckedInContractsDocumentIsCurrent()
            throws IOException
    {
        Path root = Path.of(System.getProperty("isg.repository.root", ".."));
        String checkedIn = Files.readString(root.resolve(ContractsDocument.PATH), UTF_8);
        assertThat(checkedIn).as("docs/contracts.md is stale: regenerate it with ./isg docs").isEqualTo(ContractsDocument.render());
    }

    @Test
    void theDocumentStatesEachRuleFromItsDeclaration()
    {
        String grid = ContractsDocument.dataset(Dataset.GRID_CASES.contract());
        assertThat(grid)
                .contains("| `satisfaction.range` | `satisfaction` is below 1 or is above 5 |")
                .contains("| `division_code.format` | `division_code` has a value that is not a 12-digit administrative division code (`^[0-9]{12}$`) |")
                .contains("| `closed_at.required_when_closed` | `closed_at` has no value although `status` is `CLOSED` |");
        assertThat(ContractsDocument.dataset(Dataset.HEALTH_SCREENINGS.contract()))
                .contains("| `birth_year.range` | `birth_year` is below 1900 or is after the year of the export date |")
                .contains("| `systolic_mmhg.required_for_hypertension` | `systolic_mmhg` has no value although `program` is `HYPERTENSION` and `result` is not `INVALID` |");
        assertThat(ContractsDocument.dataset(Dataset.THREE_ASSETS_LEDGER.contract()))
                .contains("| `booked_at.not_before_voucher_date` | `booked_at` is earlier than `voucher_date` (midnight China time of that date) |");
    }

    private static DatasetContract.Builder divisions()
    {
        return DatasetContract.builder(Dataset.DIVISIONS, "division_code")
                .required("division_code", ColumnType.STRING, "code")
                .required("name", ColumnType.STRING, "name")
                .required("population", ColumnType.INT, "people");
    }
}
