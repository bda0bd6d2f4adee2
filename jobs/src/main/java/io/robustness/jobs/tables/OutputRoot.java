package io.robustness.jobs.tables;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** The output root of the tables, qualified, with the file system it lives on. */
record OutputRoot(FileSystem fs, Path root) {

  static OutputRoot open(SparkSession spark, String outputUri) {
    try {
      Path output = new Path(outputUri);
      FileSystem fs = output.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return new OutputRoot(fs, fs.makeQualified(output));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the output " + outputUri, e);
    }
  }
}
