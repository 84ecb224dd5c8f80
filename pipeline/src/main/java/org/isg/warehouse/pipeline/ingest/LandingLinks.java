package org.isg.warehouse.pipeline.ingest;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.nio.file.Files;

/**
 * Whether a landing path is a link. A base could otherwise point a "data file" at the pseudonym
 * key or at {@code /etc/passwd} and read it back through the checks' messages or its own rows.
 */
final class LandingLinks
{
    private LandingLinks() {}

    static boolean isLink(FileSystem fileSystem, Path path)
            throws IOException
    {
        if ("file".equals(fileSystem.getScheme())) {
            // Hadoop's local file system follows links; the JDK can be told not to
            return Files.isSymbolicLink(java.nio.file.Path.of(fileSystem.makeQualified(path).toUri()));
        }
        try {
            return fileSystem.getFileLinkStatus(path).isSymlink();
        }
        catch (UnsupportedOperationException e) {
            // a file system without links (HDFS unless enabled, object stores)
            return false;
        }
    }
}
