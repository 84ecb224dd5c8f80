package org.isg.warehouse.contracts.landing;

import java.util.Optional;

public enum FileFormat
{
    /** Header row, comma separator, RFC 4180 quoting. */
    CSV("csv"),
    /** One JSON object a line. */
    JSONL("jsonl");

    private final String manifestName;

    FileFormat(String manifestName)
    {
        this.manifestName = manifestName;
    }

    public String manifestName()
    {
        return manifestName;
    }

    public static Optional<FileFormat> fromManifestName(String name)
    {
        for (FileFormat format : values()) {
            if (format.manifestName.equals(name)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
