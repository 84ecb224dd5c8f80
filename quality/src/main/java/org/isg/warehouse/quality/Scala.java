package org.isg.warehouse.quality;

import scala.Option;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction1;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The few conversions the Java code needs to call Deequ's Scala API.
 */
final class Scala
{
    private Scala() {}

    static <T> Option<T> none()
    {
        return Option.empty();
    }

    static <T> Option<T> some(T value)
    {
        return Option.apply(value);
    }

    static <T> scala.collection.Seq<T> seq(List<T> values)
    {
        return JavaConverters.asScalaBufferConverter(values).asScala().toSeq();
    }

    static <T> scala.collection.immutable.List<T> list(List<T> values)
    {
        return JavaConverters.asScalaBufferConverter(values).asScala().toList();
    }

    static <K, V> scala.collection.immutable.Map<K, V> map(Map<K, V> values)
    {
        return scala.collection.immutable.Map$.MODULE$.<K, V>empty().$plus$plus(JavaConverters.mapAsScalaMapConverter(values).asScala());
    }

    static <K, V> Map<K, V> javaMapOf(scala.collection.Map<K, V> values)
    {
        return JavaConverters.mapAsJavaMapConverter(values).asJava();
    }

    static <T> List<T> javaList(scala.collection.Seq<T> values)
    {
        return JavaConverters.seqAsJavaListConverter(values).asJava();
    }

    static <A, B> scala.Function1<A, B> function(SerializableFunction<A, B> function)
    {
        return new SerializableFunction1<>(function);
    }

    interface SerializableFunction<A, B>
            extends Function<A, B>, Serializable {}

    private static final class SerializableFunction1<A, B>
            extends AbstractFunction1<A, B>
            implements Serializable
    {
        private final SerializableFunction<A, B> function;

        SerializableFunction1(SerializableFunction<A, B> function)
        {
            this.function = function;
        }

        @Override
        public B apply(A value)
        {
            return function.apply(value);
        }
    }
}
