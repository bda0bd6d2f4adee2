package io.robustness.jobs.tables;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Schema of the {@code examples} table: a few images of a run at every epsilon of the grid, as
 * PNGs, with what the model predicted for each. The report shows them; it never needs the model.
 */
public final class ExampleTable {

  public static final StructType SCHEMA =
      new StructType()
          .add("image_path", DataTypes.StringType, false)
          .add("label", DataTypes.IntegerType, false)
          .add("label_name", DataTypes.StringType, false)
          .add("epsilon", DataTypes.DoubleType, false)
          .add("prediction", DataTypes.IntegerType, false)
          .add("prediction_name", DataTypes.StringType, false)
          .add("confidence", DataTypes.FloatType, false)
          .add("original_png", DataTypes.BinaryType, false)
          .add("adversarial_png", DataTypes.BinaryType, false)
          .add("perturbation_png", DataTypes.BinaryType, false);

  private ExampleTable() {}
}
