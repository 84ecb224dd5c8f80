package org.isg.warehouse.contracts.landing;

import java.nio.charset.Charset;

import static java.util.Objects.requireNonNull;

/**
 * One data file of a delivery as its manifest declares it.
 */
public record ManifestFile(String name, FileFormat format, Charset encoding, long rows, String sha256)
{
    public ManifestFile
    {
        requireNonNull(name, "name is null");
        requireNonNull(format, "format is null");
        requireNonNull(encoding, "encoding is null");
        requireNonNull(sha256, "sha256 is null");
    }
}
