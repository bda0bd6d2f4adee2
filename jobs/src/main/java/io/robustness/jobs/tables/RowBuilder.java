package io.robustness.jobs.tables;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/** Builds a row of a schema column by column, by name, so no writer depends on column order. */
final class RowBuilder {

  /**
   * Column positions per schema, worked out once: a row is built per image, and Spark's own
   * fieldIndex allocates on every call.
   */
  private static final Map<StructType, Map<String, Integer>> POSITIONS = new ConcurrentHashMap<>();

  private final Map<String, Integer> positions;
  private final Object[] values;

  RowBuilder(StructType schema) {
    this.positions = POSITIONS.computeIfAbsent(schema, RowBuilder::positionsOf);
    this.values = new Object[schema.size()];
  }

  private static Map<String, Integer> positionsOf(StructType schema) {
    Map<String, Integer> out = new HashMap<>();
    String[] names = schema.fieldNames();
    for (int i = 0; i < names.length; i++) {
      out.put(names[i], i);
    }
    return Map.copyOf(out);
  }

  /** Sets a column; unset columns are null. */
  RowBuilder set(String column, Object value) {
    Integer position = positions.get(column);
    if (position == null) {
      throw new IllegalArgumentException("no column " + column + " in " + positions.keySet());
    }
    values[position] = value;
    return this;
  }

  Row build() {
    return RowFactory.create(values.clone());
  }
}
