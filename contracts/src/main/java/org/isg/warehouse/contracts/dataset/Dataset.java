package org.isg.warehouse.contracts.dataset;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The datasets a base can deliver (SPEC §2.1). The table name is the name used in the landing
 * area, in {@code bronze.<name>} and in {@code silver.<name>}.
 * <p>
 * The registry says which datasets a base owes night after night ({@code expected-deliveries-v1.tsv});
 * a dataset {@linkplain #deliveredOnChange() delivered on change} is owed by nobody: any delivering
 * base sends it when what it declares changes (its experiments), and its deliveries count in no
 * reporting rate.
 */
public enum Dataset
{
    GRID_CASES("grid_cases"),
    ELDERCARE_SERVICE_LOGS("eldercare_service_logs"),
    HEALTH_SCREENINGS("health_screenings"),
    THREE_ASSETS_LEDGER("three_assets_ledger"),
    DIVISIONS("divisions"),
    EXPERIMENT_UNITS("experiment_units", true);

    private final String tableName;
    private final boolean deliveredOnChange;

    Dataset(String tableName)
    {
        this(tableName, false);
    }

    Dataset(String tableName, boolean deliveredOnChange)
    {
        this.tableName = requireNonNull(tableName, "tableName is null");
        this.deliveredOnChange = deliveredOnChange;
    }

    /** Sent by any delivering base when what it declares changes, never expected nightly. */
    public boolean deliveredOnChange()
    {
        return deliveredOnChange;
    }

    public String tableName()
    {
        return tableName;
    }

    public DatasetContract contract()
    {
        return DatasetContracts.contract(this);
    }

    public static Optional<Dataset> fromName(String tableName)
    {
        for (Dataset dataset : values()) {
            if (dataset.tableName.equals(tableName)) {
                return Optional.of(dataset);
            }
        }
        return Optional.empty();
    }
}
