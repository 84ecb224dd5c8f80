package org.isg.warehouse.pipeline;

import java.util.List;
import java.util.Map;

/** Java collections as the Scala ones Spark's Java API still asks for: join keys, array and map values of rows. */
public final class ScalaCollections
{
    private ScalaCollections() {}

    public static <T> scala.collection.Seq<T> seq(List<T> list)
    {
        return scala.collection.JavaConverters.asScalaBufferConverter(list).asScala().toSeq();
    }

    /** Join keys: column names. */
    public static scala.collection.Seq<String> columns(String... names)
    {
        return seq(List.of(names));
    }

    public static <K, V> scala.collection.Map<K, V> map(Map<K, V> map)
    {
        return scala.collection.JavaConverters.mapAsScalaMapConverter(map).asScala();
    }
}
