package org.isg.warehouse.pipeline.ingest;

import org.isg.warehouse.contracts.landing.LandingNames;

import static java.util.Objects.requireNonNull;

/**
 * A delivery folder {@code <landing>/<dataset>/<base_code>/<export_date>/} as found in the landing
 * area, before anything in it is trusted. The names are the base's text: {@link #displayName()}
 * and {@link #shownPath()} are what tables and messages show ({@link LandingNames}).
 *
 * @param path the folder, to read from; never shown
 * @param landingRoot the landing area as the engineer named it
 * @param linked the folder or a folder above it is a link: nothing under it is read
 */
public record LandingFolder(String path, String landingRoot, String datasetName, String baseCode, String exportDateText, boolean linked)
{
    public LandingFolder
    {
        requireNonNull(path, "path is null");
        requireNonNull(landingRoot, "landingRoot is null");
        requireNonNull(datasetName, "datasetName is null");
        requireNonNull(baseCode, "baseCode is null");
        requireNonNull(exportDateText, "exportDateText is null");
    }

    /** The delivery as people name it: {@code <dataset>/<base>/<export_date>}, ill-formed names shown hashed. */
    public String displayName()
    {
        return shownDataset() + "/" + shownBaseCode() + "/" + shownExportDate();
    }

    /** The folder as {@code ops.deliveries.landing_path} shows it: the landing root and {@link #displayName()}. */
    public String shownPath()
    {
        return landingRoot + "/" + displayName();
    }

    public String shownDataset()
    {
        return LandingNames.dataset(datasetName);
    }

    public String shownBaseCode()
    {
        return linked && baseCode.equals(LandingScanner.LINKED) ? baseCode : LandingNames.baseCode(baseCode);
    }

    public String shownExportDate()
    {
        return linked && exportDateText.equals(LandingScanner.LINKED) ? exportDateText : LandingNames.exportDate(exportDateText);
    }
}
