package io.robustness.jobs.tables;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Rows of a schema from a record, column by column by name: column {@code image_path} takes the
 * component {@code imagePath}. A column with no component (and no value given beside the record) is
 * an error, so a renamed field cannot silently empty a column. Values become Spark's types:
 * instants timestamps, lists and maps Scala collections, NaN doubles null.
 */
final class RecordRows {

  private static final Map<Class<?>, Map<String, RecordComponent>> COMPONENTS =
      new ConcurrentHashMap<>();

  private RecordRows() {}

  static Row row(StructType schema, Record record) {
    return row(schema, record, Map.of());
  }

  /**
   * @param more values of columns the record does not have, by column name
   */
  static Row row(StructType schema, Record record, Map<String, Object> more) {
    Map<String, RecordComponent> components =
        COMPONENTS.computeIfAbsent(record.getClass(), RecordRows::byColumnName);
    RowBuilder row = new RowBuilder(schema);
    for (StructField field : schema.fields()) {
      String column = field.name();
      if (more.containsKey(column)) {
        row.set(column, sparkValue(more.get(column)));
      } else if (components.containsKey(column)) {
        row.set(column, sparkValue(read(components.get(column), record)));
      } else {
        throw new IllegalArgumentException(
            record.getClass().getSimpleName() + " has nothing for column " + column);
      }
    }
    return row.build();
  }

  private static Map<String, RecordComponent> byColumnName(Class<?> type) {
    Map<String, RecordComponent> out = new HashMap<>();
    for (RecordComponent c : type.getRecordComponents()) {
      out.put(snakeCase(c.getName()), c);
    }
    return out;
  }

  private static String snakeCase(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  private static Object read(RecordComponent component, Record record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + component, e);
    }
  }

  private static Object sparkValue(Object value) {
    if (value instanceof Instant instant) {
      return Timestamp.from(instant);
    }
    if (value instanceof List<?> list) {
      return CollectionConverters.asScala(list).toSeq();
    }
    if (value instanceof Map<?, ?> map) {
      return CollectionConverters.asScala(map);
    }
    if (value instanceof Double d && d.isNaN()) {
      return null;
    }
    return value;
  }
}
