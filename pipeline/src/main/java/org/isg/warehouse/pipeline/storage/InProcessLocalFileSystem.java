package org.isg.warehouse.pipeline.storage;

import org.apache.hadoop.fs.LocalFileSystem;

import java.util.Map;

/**
 * Hadoop's checksummed local file system ({@code file:}) over {@link InProcessRawLocalFileSystem}:
 * what Spark's readers and writers use. {@link #SPARK_SETTINGS} installs it, with
 * {@link InProcessLocalFs} for the {@code FileContext} through which Delta writes its log.
 */
public class InProcessLocalFileSystem
        extends LocalFileSystem
{
    /** The Spark settings that make a session's {@code file:} paths use these classes. */
    public static final Map<String, String> SPARK_SETTINGS = Map.of(
            "spark.hadoop.fs.file.impl", InProcessLocalFileSystem.class.getName(),
            "spark.hadoop.fs.AbstractFileSystem.file.impl", InProcessLocalFs.class.getName());

    public InProcessLocalFileSystem()
    {
        super(new InProcessRawLocalFileSystem());
    }
}
