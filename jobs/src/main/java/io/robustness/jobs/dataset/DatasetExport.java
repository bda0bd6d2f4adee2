package io.robustness.jobs.dataset;

import io.robustness.core.dataset.TarSample;
import io.robustness.jobs.config.AuditSettings;
import io.robustness.jobs.config.SettingsException;
import io.robustness.jobs.runtime.HadoopConf;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a dataset of loose files (class folders or a manifest) in another layout, the bytes of
 * every image unchanged: Parquet with a binary image column, Parquet with the Hugging Face image
 * struct, or WebDataset shards. Executors read the images and write the files, each partition one
 * Parquet file or one shard.
 */
public final class DatasetExport {

  /** The layouts it writes. */
  public enum Target {
    PARQUET,
    PARQUET_HF,
    WEBDATASET
  }

  private DatasetExport() {}

  /**
   * The Parquet files it writes: the image (binary, or Hugging Face's struct of bytes and path),
   * the label index and the path relative to the dataset's root.
   */
  static StructType schema(boolean huggingFace) {
    StructType struct =
        new StructType()
            .add("bytes", DataTypes.BinaryType, true)
            .add("path", DataTypes.StringType, true);
    return new StructType()
        .add("image", huggingFace ? struct : DataTypes.BinaryType, true)
        .add("label", DataTypes.IntegerType, false)
        .add("path", DataTypes.StringType, false);
  }

  /**
   * @param files Parquet files or shards to write
   * @return how many images were written
   */
  public static long write(
      SparkSession spark, AuditSettings settings, Target target, String out, int files)
      throws IOException {
    Listing listing =
        DatasetSources.of(
                settings.dataset(),
                new Classes(settings.model().spec().classes()),
                Targets.NONE,
                settings.hadoop())
            .files(spark)
            .orElseThrow(
                () ->
                    new SettingsException(
                        List.of(
                            "convert reads class folders or a manifest, not layout "
                                + settings.dataset().layout().configName())));
    String root = new Path(settings.dataset().uri()).toString();
    List<Named> named = new ArrayList<>();
    for (WorkItem item : listing.items()) {
      named.add(new Named(item, SampleIds.relative(root, item.path())));
    }
    named.sort(java.util.Comparator.comparing(Named::relative));
    JavaRDD<Named> items =
        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(named, Math.max(1, Math.min(files, named.size())));
    Map<String, String> hadoop = settings.hadoop();
    long maxPixels = settings.dataset().maxPixels();
    if (target == Target.WEBDATASET) {
      String folder = out.replaceFirst("/*$", "/");
      return items
          .mapPartitionsWithIndex(
              (index, part) ->
                  List.of(writeShard(folder, index, part, hadoop, maxPixels)).iterator(),
              false)
          .reduce(Long::sum);
    }
    boolean hf = target == Target.PARQUET_HF;
    JavaRDD<Row> rows =
        items.mapPartitions(
            part -> {
              ImageReader reader = new ImageReader(HadoopConf.onExecutor(hadoop), maxPixels);
              List<Row> done = new ArrayList<>();
              while (part.hasNext()) {
                Named n = part.next();
                byte[] bytes = reader.read(n.item().path(), n.item().length());
                Object image = hf ? RowFactory.create(bytes, n.relative()) : bytes;
                done.add(RowFactory.create(image, n.item().label(), n.relative()));
              }
              return done.iterator();
            });
    spark.createDataFrame(rows, schema(hf)).write().mode(SaveMode.ErrorIfExists).parquet(out);
    return named.size();
  }

  /**
   * One shard, {@code shard-000000.tar}: per image a member {@code <key>.<ext>} and {@code
   * <key>.cls}.
   */
  private static long writeShard(
      String folder, int index, Iterator<Named> part, Map<String, String> hadoop, long maxPixels)
      throws IOException {
    Configuration conf = HadoopConf.onExecutor(hadoop);
    ImageReader reader = new ImageReader(conf, maxPixels);
    Path shard = new Path(folder + String.format(Locale.ROOT, "shard-%06d.tar", index));
    FileSystem fs = shard.getFileSystem(conf);
    long count = 0;
    try (OutputStream file = fs.create(shard, false);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(file)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      while (part.hasNext()) {
        Named n = part.next();
        String relative = n.relative();
        int dot = relative.lastIndexOf('.');
        String extension = relative.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (!TarSample.IMAGE_EXTENSIONS.contains(extension)) {
          throw new IOException(relative + ": WebDataset images must be .png, .jpg or .jpeg");
        }
        // The key ends at the first dot of the file name: no dots before the extension.
        String key = relative.substring(0, dot).replace('.', '_');
        put(tar, key + "." + extension, reader.read(n.item().path(), n.item().length()));
        put(
            tar,
            key + "." + TarSample.LABEL_EXTENSION,
            String.valueOf(n.item().label()).getBytes(StandardCharsets.UTF_8));
        count++;
      }
    }
    return count;
  }

  private static void put(TarArchiveOutputStream tar, String name, byte[] bytes)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  /** An image with its path relative to the dataset's root. */
  private record Named(WorkItem item, String relative) implements Serializable {}
}
