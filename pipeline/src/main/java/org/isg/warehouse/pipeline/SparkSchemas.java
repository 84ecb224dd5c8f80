package org.isg.warehouse.pipeline;

import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.isg.warehouse.contracts.tables.Comment;
import org.isg.warehouse.contracts.tables.TableColumn;
import org.isg.warehouse.contracts.tables.TableDefinition;
import org.isg.warehouse.contracts.tables.ValueType;

import java.util.ArrayList;
import java.util.List;

/** The Spark form of the warehouse's table declarations. */
public final class SparkSchemas
{
    private SparkSchemas() {}

    /** The table's schema, each column's comment in its metadata. */
    public static StructType of(TableDefinition table)
    {
        List<StructField> fields = new ArrayList<>();
        for (TableColumn column : table.columns()) {
            fields.add(new StructField(column.name(), dataType(column.type()), column.nullable(), metadata(column)));
        }
        return new StructType(fields.toArray(StructField[]::new));
    }

    public static DataType dataType(ValueType type)
    {
        return switch (type) {
            case STRING -> DataTypes.StringType;
            case BOOLEAN -> DataTypes.BooleanType;
            case INT -> DataTypes.IntegerType;
            case LONG -> DataTypes.LongType;
            case DOUBLE -> DataTypes.DoubleType;
            case DECIMAL -> DataTypes.createDecimalType(18, 2);
            case DATE -> DataTypes.DateType;
            case TIMESTAMP -> DataTypes.TimestampType;
            case STRING_ARRAY -> DataTypes.createArrayType(DataTypes.StringType, false);
            case DOUBLE_ARRAY -> DataTypes.createArrayType(DataTypes.DoubleType, false);
            case STRING_TO_LONG_MAP -> DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType);
        };
    }

    /** Same type, whatever Spark's null flags inside arrays and maps say. */
    public static boolean sameType(DataType actual, ValueType declared)
    {
        DataType expected = dataType(declared);
        if (actual instanceof ArrayType array && expected instanceof ArrayType expectedArray) {
            return array.elementType().equals(expectedArray.elementType());
        }
        if (actual instanceof MapType map && expected instanceof MapType expectedMap) {
            return map.keyType().equals(expectedMap.keyType()) && map.valueType().equals(expectedMap.valueType());
        }
        return actual.equals(expected);
    }

    private static Metadata metadata(TableColumn column)
    {
        return column.comment().map(Comment::text).map(text -> new MetadataBuilder().putString("comment", text).build()).orElse(Metadata.empty());
    }
}
