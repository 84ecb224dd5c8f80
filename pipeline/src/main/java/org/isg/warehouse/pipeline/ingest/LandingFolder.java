package org.isg.warehouse.pipeline.ingest;

import static java.util.Objects.requireNonNull;

/**
 * A delivery folder {@code <landing>/<dataset>/<base_code>/<export_date>/} as found in the landing
 * area, before anything in it is trusted.
 *
 * @param linked the folder or a folder above it is a link: nothing under it is read
 */
public record LandingFolder(String path, String datasetName, String baseCode, String exportDateText, boolean linked)
{
    public LandingFolder
    {
        requireNonNull(path, "path is null");
        requireNonNull(datasetName, "datasetName is null");
        requireNonNull(baseCode, "baseCode is null");
        requireNonNull(exportDateText, "exportDateText is null");
    }

    /** The delivery as people name it: {@code <dataset>/<base>/<export_date>}. */
    public String displayName()
    {
        return datasetName + "/" + baseCode + "/" + exportDateText;
    }
}
