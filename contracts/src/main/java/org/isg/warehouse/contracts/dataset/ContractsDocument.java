package org.isg.warehouse.contracts.dataset;

import org.isg.warehouse.contracts.landing.RejectionReason;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Renders {@code docs/contracts.md} from the typed dataset contracts, so that the documented rules
 * are the checked rules: a test fails when the checked-in file is stale.
 */
public final class ContractsDocument
{
    public static final String PATH = "docs/contracts.md";

    private ContractsDocument() {}

    public static String render()
    {
        StringBuilder text = new StringBuilder();
        text.append("# Dataset contracts (schema version 1)\n\n");
        text.append("""
                Generated from `contracts/src/main/java/org/isg/warehouse/contracts/dataset/DatasetContracts.java` by `./isg docs`;
                do not edit by hand. The contracts transcribe SPEC §2.1. Each rule is one Deequ check, and its name is what
                `silver.quarantine.broken_rules` holds. A row breaking any rule goes to quarantine with every rule it broke.

                Values arrive as text and are trimmed. Formats: timestamp `yyyy-MM-dd HH:mm:ss` (China time) or ISO-8601 with an
                offset (`2026-11-23T08:00:00+08:00`, `2026-11-23T00:00Z`; seconds and up to nine decimals optional); date
                `yyyy-MM-dd`; boolean `true`/`false`, `1`/`0`, `是`/`否`; int up to 9 digits; decimal(18,2) with at
                most two decimals. A value that does not parse breaks `<column>.type` only: it is unknown, not missing, to every
                other rule, and a condition on it does not hold.

                """);
        for (Dataset dataset : Dataset.values()) {
            text.append(dataset(dataset.contract()));
        }
        text.append("## Delivery rejection codes\n\n");
        text.append("A delivery rejected whole is recorded in `ops.deliveries` with one of these `reason_code`s: ");
        text.append(Arrays.stream(RejectionReason.values()).map(reason -> "`" + reason.name() + "`").collect(Collectors.joining(", "))).append(".\n\n");
        text.append("""
                ## Bad input and what it meets
                Bases are the parties being ranked: a delivery may be careless or hostile. What is tried, and the
                outcome (`HostileDeliveriesTest`, `EveryRuleAcceptanceTest`, `RecordReaderTest`, `ManifestTest`,
                `SupersessionTest`). No outcome's message repeats what the base wrote. `BadInputCorpusTest` runs
                the rows below as one night's corpus — 58 grid-case deliveries, one kind each, every one from its
                own base and export date — and checks per delivery the named reason or rule, received = accepted +
                quarantined, and that none of the canaries planted in rejected files, manifests, malformed lines
                and JSON keys reaches a table, a log line or a file of the warehouse. `HugeDeliveriesIT` runs a
                night in a child JVM with a 512 MiB heap over a 1.5 GiB manifest and a record with a 1 GiB field:
                the first is rejected, the record quarantined, every other delivery accepted.

                | input | outcome |
                |---|---|
                | no `manifest.json` | rejected `MANIFEST_MISSING` |
                | `manifest.json` over 1 MiB | rejected `MANIFEST_TOO_LARGE`, not read |
                | more than 64 files listed | rejected `TOO_MANY_FILES` |
                | a data file over 4 GiB | rejected `FILE_TOO_LARGE`, not read |
                | a line over 1 MiB characters, a field over 64 Ki characters | quarantined `record.well_formed`; read to its end without being kept |
                | manifest not JSON, or a key repeated in it | rejected `MANIFEST_UNPARSABLE` (line and column only) |
                | manifest with a byte-order mark | read like a data file |
                | manifest field missing, mistyped, a file name with a path, an unknown format or encoding | rejected `MANIFEST_INVALID` |
                | manifest naming another dataset, base or date than its folder | rejected `MANIFEST_PATH_MISMATCH` (which fields differ) |
                | folder of an unknown dataset, an unknown base, a dataset the base does not deliver | rejected `UNKNOWN_DATASET`, `UNKNOWN_BASE`, `DATASET_NOT_EXPECTED_FROM_BASE` |
                | schema version other than 1 | rejected `UNSUPPORTED_SCHEMA_VERSION` |
                | a listed file missing | rejected `FILE_MISSING` |
                | a file whose SHA-256 differs (e.g. still uploading) | rejected `CHECKSUM_MISMATCH` (the actual hash is not reported); inspected again once the folder's content changes, then loaded whole (`PartialUploadsTest`) |
                | a file changed between inspection and load | rejected `CHANGED_AFTER_INSPECTION`, none of its rows kept: bronze holds only bytes that were verified; inspected again once the folder changes |
                | folder or file names of the base's own (a dataset, base or date folder, a file name other than `part-NNNN.csv`) | shown in tables and messages only in their expected form, otherwise as `~` and 8 hex of their SHA-256 (files by position, `files[0]`) |
                | a row count other than declared | rejected `ROW_COUNT_MISMATCH` |
                | CSV without its header, a header with other, missing or repeated columns | rejected `HEADER_MISMATCH` (unknown columns by position) |
                | bytes invalid in the declared encoding (GB18030 bytes declared UTF-8) | rejected `UNREADABLE_FILE`, naming the line the bytes are on (`RecordReaderTest`) |
                | UTF-8 bytes declared GB18030 (would load as mojibake) | rejected `ENCODING_MISMATCH` |
                | a delivery folder, a folder above it, the manifest or a data file that is a symbolic link (to the pseudonym key, `/etc/passwd`) | rejected `LINK_NOT_ALLOWED`, nothing behind the link read |
                | a re-delivery not exported later than the accepted one | rejected `NOT_LATER_THAN_ACCEPTED` |
                | a correction (same folder, later `exported_at`) | the accepted delivery `SUPERSEDED`; silver recomputed from what remains |
                | a line with too few or too many fields, an unclosed quote | quarantined `record.well_formed` |
                | a JSON line that is not an object, with a key not in the contract, a key twice, a nested value, text after the object | quarantined `record.well_formed` (fields by contract name or position) |
                | a JSON number written `12345678.5` or `1e3` | read as written: `12345678.50`; `1e3` is not an int, as in CSV |
                | a required value missing, a value not of its type, an enum value not allowed | quarantined `<column>.required`, `.type`, `.allowed_values` |
                | a timestamp that names no moment (30 February, `24:00:00`, `23:59:60`) or is in no form of SPEC §2 (local time without seconds, an ISO-8601 time without offset, `2026/11/23`) | quarantined `<column>.type` (`TypedColumnsTest`, java.time as the oracle) |
                | an ISO-8601 time without seconds (`2026-11-23T00:00Z`) or with nine decimals | accepted as the instant it names |
                | a key twice in one delivery | every such row quarantined `<key>.unique_in_delivery` |
                | a timestamp before 2000 or after the day after the export (`updated_at` = 2099 would pin a record) | quarantined `<column>.plausible` |
                | lifecycle out of order, a value out of range, a malformed division code, a part above its whole | quarantined by the dataset's rule (tables above) |
                | a byte-order mark, CRLF line ends, GB18030 declared as such, the columns in another order, a quoted field with a comma, a quote and a line break, a header with no rows | accepted as delivered |

                """);
        text.append("""
                ## The sample-export generator
                `./isg generate` writes deliveries exactly as SPEC §2 says, deterministic for a seed: incremental
                change exports (a grid case reappears on the day it is dispatched, handled and closed), corrections
                of the previous day when run night by night, some bases in GB18030, some in JSON lines, some with a
                byte-order mark or CRLF or another column order, CSV fields with commas, quotes and line breaks.
                Distributions differ by base (closure ~93–99%, SOS arrival around 7–13 minutes, …).
                `--defect-rate R` breaks a share R of rows (rules taken in turn, each broken row breaking exactly one
                rule) and of deliveries (missing manifest, unparsable manifest, wrong checksum, wrong row count,
                missing file, unsupported schema version; plus stray deliveries of an unknown dataset and an
                unknown base). `--every-rule` breaks one row per rule in every delivery. The value that breaks a
                rule is derived from the rule's declaration (a range's bound, a pattern, the compared column), and
                the generator checks that the broken row breaks no other rule. Every injected defect is listed in
                `<landing>/_generator/injected/<dataset>/<base>/<date>.jsonl`.
                """);
        return text.toString();
    }

    public static String dataset(DatasetContract contract)
    {
        StringBuilder text = new StringBuilder();
        text.append("## `").append(contract.dataset().tableName()).append("`\n\n");
        text.append("Key `").append(contract.keyColumn()).append("`, unique per base. ");
        text.append(contract.versionColumn()
                .map(version -> "A change export: the latest `" + version + "` of a key wins.")
                .orElse("A full snapshot: each accepted delivery replaces the base's previous one."));
        if (contract.dataset().deliveredOnChange()) {
            text.append(" Owed by no base: any base that delivers a dataset sends it when what it declares changes, and it counts in no "
                    + "reporting rate. Checked beyond its row rules when the experiment panels are built (docs/experiments.md, "
                    + "\"The declaration\"): units must be divisions of the declared level in the base's latest `divisions` snapshot, "
                    + "outcomes rates (catalogue kind RATIO) of a dataset the base delivers; what fails is left out and flagged on "
                    + "`gold.experiment_effects`. A treatment unit's first treated month is the China calendar month of `treatment_start`.");
        }
        text.append("\n\n| column | type | required | personal identifier | meaning |\n|---|---|---|---|---|\n");
        for (Column column : contract.columns()) {
            String type = column.type() == ColumnType.ENUM
                    ? "enum: " + column.allowedValues().stream().map(value -> "`" + value + "`").collect(Collectors.joining(" "))
                    : column.type().name().toLowerCase(Locale.ROOT);
            text.append("| `%s` | %s | %s | %s | %s |%n".formatted(column.name(), type, column.required() ? "yes" : "", column.personalIdentifier() ? "pseudonymised" : "",
                    column.description()));
        }
        text.append("\n| rule | a row breaks it when |\n|---|---|\n");
        RuleMeaning meaning = new RuleMeaning(contract);
        for (Rule rule : contract.rules()) {
            text.append("| `%s` | %s |%n".formatted(rule.name(), rule.accept(meaning)));
        }
        text.append("\n");
        return text.toString();
    }

    /** Writes the document under a repository root. */
    public static Path write(Path repositoryRoot)
            throws IOException
    {
        Path file = repositoryRoot.resolve(PATH);
        Files.createDirectories(file.getParent());
        Files.writeString(file, render(), UTF_8);
        return file;
    }

    /** The doc's "a row breaks it when …" for each kind of rule. */
    private record RuleMeaning(DatasetContract contract)
            implements Rule.Visitor<String>
    {
        @Override
        public String visitWellFormed(Rule.WellFormed rule)
        {
            return "the line cannot be split into the dataset's columns (it then breaks this rule only)";
        }

        @Override
        public String visitRequired(Rule.Required rule)
        {
            return code(rule.column()) + " has no value";
        }

        @Override
        public String visitTyped(Rule.Typed rule)
        {
            return code(rule.column()) + " has a value that does not parse as `" + rule.type().name().toLowerCase(Locale.ROOT) + "`";
        }

        @Override
        public String visitAllowedValues(Rule.AllowedValues rule)
        {
            return code(rule.column()) + " has a value other than " + values(rule.values(), "or");
        }

        @Override
        public String visitUniqueInDelivery(Rule.UniqueInDelivery rule)
        {
            return "another row of the same delivery has its " + code(rule.column()) + " (every such row breaks it)";
        }

        @Override
        public String visitPlausibleTime(Rule.PlausibleTime rule)
        {
            return "%s is before %s or after the end of the day after the export date (China time)".formatted(code(rule.column()), Rule.PlausibleTime.EARLIEST);
        }

        @Override
        public String visitPattern(Rule.Pattern rule)
        {
            return "%s has a value that is not %s (`%s`)".formatted(code(rule.column()), rule.meaning(), rule.regex().replace("|", "\\|"));
        }

        @Override
        public String visitRange(Rule.Range rule)
        {
            String below = bound(rule.low(), "is below ", "is before the year of the export date");
            String above = bound(rule.high(), "is above ", "is after the year of the export date");
            return code(rule.column()) + " " + (below.isEmpty() ? above : above.isEmpty() ? below : below + " or " + above);
        }

        @Override
        public String visitNotBefore(Rule.NotBefore rule)
        {
            ColumnType earlierType = contract.column(rule.earlier()).orElseThrow().type();
            return "%s is earlier than %s%s".formatted(code(rule.column()), code(rule.earlier()), earlierType == ColumnType.DATE ? " (midnight China time of that date)" : "");
        }

        @Override
        public String visitLessThan(Rule.LessThan rule)
        {
            return "%s is not below %s".formatted(code(rule.column()), code(rule.other()));
        }

        @Override
        public String visitAtMost(Rule.AtMost rule)
        {
            return "%s exceeds %s (not judged while %s is negative)".formatted(code(rule.column()), code(rule.limit()), code(rule.limit()));
        }

        @Override
        public String visitRequiredWhen(Rule.RequiredWhen rule)
        {
            return code(rule.column()) + " has no value although " + condition(rule.when());
        }

        @Override
        public String visitAbsentWhen(Rule.AbsentWhen rule)
        {
            return code(rule.column()) + " has a value although " + condition(rule.when());
        }

        private String condition(List<Condition> when)
        {
            List<String> clauses = when.stream().map(clause -> switch (clause.operator()) {
                case IS_PRESENT -> code(clause.column()) + " has a valid value";
                case IN -> code(clause.column()) + " is " + values(clause.values(), "or");
                case NOT_IN -> code(clause.column()) + " is not " + values(clause.values(), "or");
            }).toList();
            return String.join(" and ", clauses);
        }

        /** How a value breaks a bound: {@code fixedPrefix} and the bound, or the year-of-export text; empty when unbounded. */
        private static String bound(Bound bound, String fixedPrefix, String yearOfExport)
        {
            return bound.accept(new Bound.Visitor<>()
            {
                @Override
                public String visitFixed(Bound.Fixed fixed)
                {
                    return fixedPrefix + fixed.value();
                }

                @Override
                public String visitYearOfExport(Bound.YearOfExport year)
                {
                    return yearOfExport;
                }

                @Override
                public String visitUnbounded(Bound.Unbounded unbounded)
                {
                    return "";
                }
            });
        }

        private static String code(String column)
        {
            return "`" + column + "`";
        }

        private static String values(List<String> values, String conjunction)
        {
            List<String> quoted = values.stream().map(value -> "`" + value + "`").toList();
            return quoted.size() == 1 ? quoted.get(0) : String.join(", ", quoted.subList(0, quoted.size() - 1)) + " " + conjunction + " " + quoted.get(quoted.size() - 1);
        }
    }
}
