package org.isg.warehouse.contracts.dataset;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The datasets a base can deliver (SPEC §2.1). The table name is the name used in the landing
 * area, in {@code bronze.<name>} and in {@code silver.<name>}.
 */
public enum Dataset
{
    GRID_CASES("grid_cases"),
    ELDERCARE_SERVICE_LOGS("eldercare_service_logs"),
    HEALTH_SCREENINGS("health_screenings"),
    THREE_ASSETS_LEDGER("three_assets_ledger"),
    DIVISIONS("divisions");

    private final String tableName;

    Dataset(String tableName)
    {
        this.tableName = requireNonNull(tableName, "tableName is null");
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
