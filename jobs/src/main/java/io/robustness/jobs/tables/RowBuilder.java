package io.robustness.jobs.tables;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/** Builds a row of a schema column by column, by name, so no writer depends on column order. */
final class RowBuilder {

  private final StructType schema;
  private final Object[] values;

  RowBuilder(StructType schema) {
    this.schema = schema;
    this.values = new Object[schema.size()];
  }

  /** Sets a column; unset columns are null. */
  RowBuilder set(String column, Object value) {
    values[schema.fieldIndex(column)] = value;
    return this;
  }

  Row build() {
    return RowFactory.create(values.clone());
  }
}
