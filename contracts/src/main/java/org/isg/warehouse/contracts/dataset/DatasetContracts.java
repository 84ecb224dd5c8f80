package org.isg.warehouse.contracts.dataset;

import java.util.List;

import static org.isg.warehouse.contracts.dataset.ColumnType.BOOLEAN;
import static org.isg.warehouse.contracts.dataset.ColumnType.DATE;
import static org.isg.warehouse.contracts.dataset.ColumnType.DECIMAL;
import static org.isg.warehouse.contracts.dataset.ColumnType.INT;
import static org.isg.warehouse.contracts.dataset.ColumnType.STRING;
import static org.isg.warehouse.contracts.dataset.ColumnType.TIMESTAMP;
import static org.isg.warehouse.contracts.dataset.Condition.in;
import static org.isg.warehouse.contracts.dataset.Condition.isPresent;
import static org.isg.warehouse.contracts.dataset.Condition.notIn;

/**
 * The dataset contracts of schema version 1, transcribed from SPEC §2.1. Adding a rule is one line
 * here (plus its case in a test); every engine's form of it follows from the typed {@link Rule}.
 */
final class DatasetContracts
{
    private static final DatasetContract GRID_CASES = DatasetContract.builder(Dataset.GRID_CASES, "case_id")
            .versionColumn("updated_at")
            .required("case_id", STRING, "case id, unique per base")
            .required("grid_code", STRING, "网格编码 grid code")
            .required("division_code", STRING, "12-digit administrative division code (street/community)")
            .requiredEnum("source", List.of("PATROL", "HOTLINE", "CITIZEN_APP", "AI_CAMERA", "OTHER"), "how the case was discovered")
            .required("category_code", STRING, "部件/事件 class code")
            .required("reported_at", TIMESTAMP, "上报 reported")
            .optional("registered_at", TIMESTAMP, "立案 registered")
            .optional("dispatched_at", TIMESTAMP, "派遣 dispatched")
            .optional("deadline_at", TIMESTAMP, "处置时限 disposal deadline")
            .mayLieAhead("deadline_at")
            .optional("handled_at", TIMESTAMP, "处置完成 handled")
            .optional("closed_at", TIMESTAMP, "结案 closed")
            .requiredEnum("status", List.of("REPORTED", "REGISTERED", "DISPATCHED", "HANDLED", "CLOSED", "REJECTED", "CANCELLED"), "lifecycle status")
            .required("rework_count", INT, "返工次数 rework count")
            .optional("satisfaction", INT, "回访满意度 1..5")
            .optionalIdentifier("reporter_id", "reporter (PII)")
            .required("updated_at", TIMESTAMP, "version of the record")
            .divisionCodeFormat("division_code")
            .notBefore("registered_at", "reported_at")
            .notBefore("dispatched_at", "registered_at")
            .requiredWhen("deadline_at", "required_when_dispatched", isPresent("dispatched_at"))
            .notBefore("handled_at", "dispatched_at")
            .notBefore("closed_at", "handled_at")
            .requiredWhen("closed_at", "required_when_closed", in("status", "CLOSED"))
            .nonNegative("rework_count")
            .range("satisfaction", 1, 5)
            .build();

    private static final DatasetContract ELDERCARE_SERVICE_LOGS = DatasetContract.builder(Dataset.ELDERCARE_SERVICE_LOGS, "event_id")
            .versionColumn("updated_at")
            .required("event_id", STRING, "event id, unique per base")
            .requiredIdentifier("elder_id", "elder (PII)")
            .required("division_code", STRING, "12-digit administrative division code")
            .requiredEnum("event_type", List.of("SOS_CALL", "FALL_ALERT", "SENSOR_ALERT", "HOME_VISIT", "MEAL_SERVICE", "DEVICE_STATUS"), "event type")
            .optional("device_id", STRING, "device id")
            .optionalEnum("device_type", List.of("SOS_VOICE", "GATEWAY", "DOOR_SENSOR", "VITALS_MAT", "SMART_TOILET"), "device type")
            .optional("device_online", BOOLEAN, "device online (one DEVICE_STATUS row per device per day)")
            .required("occurred_at", TIMESTAMP, "when the event occurred")
            .optional("responded_at", TIMESTAMP, "first human response")
            .optional("arrived_at", TIMESTAMP, "on-site arrival")
            .optional("closed_at", TIMESTAMP, "closed")
            .optionalEnum("outcome", List.of("RESOLVED", "FALSE_ALARM", "HOSPITALIZED", "REFERRED", "UNREACHED"), "outcome")
            .optional("satisfaction", INT, "满意度 1..5")
            .optional("priority_elder", BOOLEAN, "独居/高龄/失能/特困")
            .required("updated_at", TIMESTAMP, "version of the record")
            .divisionCodeFormat("division_code")
            .requiredWhen("device_id", "required_for_device_events", in("event_type", "SOS_CALL", "FALL_ALERT", "SENSOR_ALERT", "DEVICE_STATUS"))
            .requiredWhen("device_online", "required_for_device_status", in("event_type", "DEVICE_STATUS"))
            .notBefore("responded_at", "occurred_at")
            .notBefore("arrived_at", "occurred_at")
            .notBefore("closed_at", "occurred_at")
            .range("satisfaction", 1, 5)
            .build();

    private static final DatasetContract HEALTH_SCREENINGS = DatasetContract.builder(Dataset.HEALTH_SCREENINGS, "screening_id")
            .versionColumn("updated_at")
            .required("screening_id", STRING, "screening id, unique per base")
            .requiredIdentifier("person_id", "person (PII)")
            .requiredEnum("sex", List.of("M", "F"), "sex")
            .required("birth_year", INT, "year of birth")
            .required("division_code", STRING, "12-digit administrative division code")
            .requiredEnum("program", List.of("HYPERTENSION", "DIABETES", "CERVICAL_CANCER", "VISION"), "screening programme")
            .required("screened_at", TIMESTAMP, "screened")
            .required("ai_assisted", BOOLEAN, "AI-assisted reading or diagnosis")
            .requiredEnum("result", List.of("NORMAL", "ABNORMAL", "POSITIVE", "INVALID"), "result")
            .optional("systolic_mmhg", INT, "systolic blood pressure")
            .optional("diastolic_mmhg", INT, "diastolic blood pressure")
            .optional("referred_at", TIMESTAMP, "referred")
            .optional("followed_up_at", TIMESTAMP, "followed up")
            .required("updated_at", TIMESTAMP, "version of the record")
            .rule(new Rule.Range("birth_year", Bound.of(1900), new Bound.YearOfExport()))
            .divisionCodeFormat("division_code")
            .range("systolic_mmhg", 50, 300)
            .range("diastolic_mmhg", 30, 200)
            .rule(new Rule.LessThan("diastolic_mmhg", "below_systolic", "systolic_mmhg"))
            .requiredWhen("systolic_mmhg", "required_for_hypertension", in("program", "HYPERTENSION"), notIn("result", "INVALID"))
            .requiredWhen("diastolic_mmhg", "required_with_systolic", isPresent("systolic_mmhg"))
            .notBefore("referred_at", "screened_at")
            .notBefore("followed_up_at", "screened_at")
            .build();

    private static final DatasetContract THREE_ASSETS_LEDGER = DatasetContract.builder(Dataset.THREE_ASSETS_LEDGER, "entry_id")
            .versionColumn("updated_at")
            .required("entry_id", STRING, "ledger entry id, unique per base")
            .required("village_code", STRING, "12-digit village division code")
            .requiredEnum("entry_type", List.of("FUND_IN", "FUND_OUT", "ASSET_IN", "ASSET_OUT", "CONTRACT"), "entry type")
            .required("account_code", STRING, "account")
            .required("amount_yuan", DECIMAL, "amount in yuan, decimal(18,2)")
            .required("voucher_date", DATE, "voucher date")
            .required("booked_at", TIMESTAMP, "booked")
            .optionalIdentifier("counterparty_id", "counterparty (PII)")
            .optional("contract_id", STRING, "contract id")
            .optional("contract_end", DATE, "contract end date")
            .required("via_platform", BOOLEAN, "went through the rural property-rights trading platform")
            .required("disclosed", BOOLEAN, "publicly disclosed (公开)")
            .required("meeting_approved", BOOLEAN, "四议两公开 procedure completed")
            .optional("balance_after_yuan", DECIMAL, "the village's fund balance after this entry; may be negative")
            .required("updated_at", TIMESTAMP, "version of the record")
            .divisionCodeFormat("village_code")
            .nonNegative("amount_yuan")
            // booked_at is an instant; voucher_date is a China calendar date, compared as its China midnight
            .notBefore("booked_at", "voucher_date")
            .requiredWhen("contract_id", "required_for_contract", in("entry_type", "CONTRACT"))
            .requiredWhen("contract_end", "required_for_contract", in("entry_type", "CONTRACT"))
            .build();

    private static final DatasetContract DIVISIONS = DatasetContract.builder(Dataset.DIVISIONS, "division_code")
            .required("division_code", STRING, "12-digit administrative division code")
            .required("name", STRING, "division name")
            .requiredEnum("level", List.of("STREET", "COMMUNITY", "VILLAGE"), "level")
            .required("population", INT, "resident population")
            .required("population_60plus", INT, "residents aged 60 and over")
            .required("population_adult", INT, "residents aged 18 and over")
            .divisionCodeFormat("division_code")
            .nonNegative("population")
            .nonNegative("population_60plus")
            .nonNegative("population_adult")
            .rule(new Rule.AtMost("population_60plus", "population"))
            .rule(new Rule.AtMost("population_adult", "population"))
            .build();

    /**
     * The AI social experiments a base runs (2025 guideline §四): one row per experiment and unit, the
     * whole declaration in every delivery. Whether a unit lies in the base's divisions and an outcome
     * is a catalogue indicator the base delivers is checked where both are known, when the panel is
     * built (docs/experiments.md): a row rule sees one row.
     */
    private static final DatasetContract EXPERIMENT_UNITS = DatasetContract.builder(Dataset.EXPERIMENT_UNITS, "assignment_id")
            .required("assignment_id", STRING, "the experiment's id and the unit's code, e.g. EXP01/320505001001; unique per base")
            .required("experiment_id", STRING, "experiment id, unique per base")
            .required("title", STRING, "experiment title")
            .requiredEnum("technology", List.of("AI_CAMERA", "SOS_VOICE", "AI_SCREENING", "SMART_LEDGER", "OTHER"), "the technology tried")
            .required("outcome_codes", STRING, "outcome indicators: catalogue codes separated by ';'")
            .requiredEnum("unit_level", List.of("STREET", "COMMUNITY", "VILLAGE"), "level of the experiment's units")
            .required("division_code", STRING, "the unit: a 12-digit division code of the base's divisions snapshot")
            .requiredEnum("arm", List.of("TREATMENT", "CONTROL"), "实验组 treatment or 控制组 control")
            .optional("treatment_start", DATE, "the day the technology went live in a treatment unit")
            .divisionCodeFormat("division_code")
            .rule(new Rule.Pattern("outcome_codes", "format", "^[A-Z][A-Z0-9_]*(;[A-Z][A-Z0-9_]*)*$", "catalogue codes separated by ';'"))
            .requiredWhen("treatment_start", "required_for_treatment", in("arm", "TREATMENT"))
            .rule(new Rule.AbsentWhen("treatment_start", "absent_for_control", List.of(in("arm", "CONTROL"))))
            .build();

    private DatasetContracts() {}

    static DatasetContract contract(Dataset dataset)
    {
        return switch (dataset) {
            case GRID_CASES -> GRID_CASES;
            case ELDERCARE_SERVICE_LOGS -> ELDERCARE_SERVICE_LOGS;
            case HEALTH_SCREENINGS -> HEALTH_SCREENINGS;
            case THREE_ASSETS_LEDGER -> THREE_ASSETS_LEDGER;
            case DIVISIONS -> DIVISIONS;
            case EXPERIMENT_UNITS -> EXPERIMENT_UNITS;
        };
    }
}
