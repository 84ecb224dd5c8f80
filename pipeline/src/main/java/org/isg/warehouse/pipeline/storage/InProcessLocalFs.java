package org.isg.warehouse.pipeline.storage;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.local.LocalConfigKeys;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Hadoop's {@code LocalFs} (the {@code FileContext} form of {@code file:}, which Delta's log store
 * renames commits with) over {@link InProcessRawLocalFileSystem}. Hadoop's own class cannot be
 * given another raw file system, so this repeats its four settings.
 */
public class InProcessLocalFs
        extends ChecksumFs
{
    public InProcessLocalFs(URI uri, Configuration configuration)
            throws IOException, URISyntaxException
    {
        super(new Raw(uri, configuration));
    }

    private static final class Raw
            extends DelegateToFileSystem
    {
        Raw(URI uri, Configuration configuration)
                throws IOException, URISyntaxException
        {
            super(uri, new InProcessRawLocalFileSystem(), configuration, "file", false);
        }

        @Override
        public int getUriDefaultPort()
        {
            return -1;
        }

        @Override
        @Deprecated
        @SuppressWarnings("InlineMeSuggester") // Hadoop's method, overridden as RawLocalFs does
        public FsServerDefaults getServerDefaults()
                throws IOException
        {
            return LocalConfigKeys.getServerDefaults();
        }

        @Override
        public FsServerDefaults getServerDefaults(Path path)
                throws IOException
        {
            return LocalConfigKeys.getServerDefaults();
        }

        @Override
        public boolean isValidName(String name)
        {
            // as Hadoop's RawLocalFs: the operating system decides
            return true;
        }
    }
}
