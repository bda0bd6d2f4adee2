package io.robustness.jobs.cli;

import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import java.io.PrintStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * Query results on the console: an aligned table, CSV (univocity) or JSON lines (Spark's own
 * encoding).
 */
final class RowPrinter {

  enum Format {
    table,
    csv,
    json
  }

  private RowPrinter() {}

  /** Prints at most {@code limit} rows; says so when there were more. */
  static void print(Dataset<Row> result, Format format, int limit, PrintStream out) {
    if (format == Format.json) {
      List<String> lines = result.toJSON().limit(limit + 1).collectAsList();
      lines.stream().limit(limit).forEach(out::println);
      truncated(lines.size() > limit, limit, out);
      return;
    }
    List<Row> rows = asStrings(result).limit(limit + 1).collectAsList();
    List<String[]> cells = new ArrayList<>();
    for (Row row : rows.subList(0, Math.min(limit, rows.size()))) {
      String[] line = new String[row.size()];
      for (int i = 0; i < line.length; i++) {
        line[i] = row.isNullAt(i) ? null : row.getString(i);
      }
      cells.add(line);
    }
    if (format == Format.csv) {
      csv(result.columns(), cells, out);
    } else {
      table(result.schema().fields(), cells, out);
    }
    truncated(rows.size() > limit, limit, out);
  }

  /** Every column as Spark's own string form; binary (example PNGs) as base64. */
  private static Dataset<Row> asStrings(Dataset<Row> result) {
    Column[] columns =
        Arrays.stream(result.schema().fields())
            .map(
                f -> {
                  Column c = result.col("`" + f.name() + "`");
                  return (f.dataType() instanceof BinaryType
                          ? functions.base64(c)
                          : c.cast("string"))
                      .as(f.name());
                })
            .toArray(Column[]::new);
    return result.select(columns);
  }

  private static void csv(String[] header, List<String[]> cells, PrintStream out) {
    StringWriter text = new StringWriter();
    CsvWriter writer = new CsvWriter(text, new CsvWriterSettings());
    writer.writeHeaders(header);
    cells.forEach(writer::writeRow);
    writer.close();
    out.print(text);
  }

  private static void table(StructField[] fields, List<String[]> cells, PrintStream out) {
    int[] width = new int[fields.length];
    for (int i = 0; i < fields.length; i++) {
      width[i] = fields[i].name().length();
      for (String[] line : cells) {
        width[i] = Math.max(width[i], shown(line[i]).length());
      }
    }
    StringBuilder header = new StringBuilder();
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      header
          .append(i == 0 ? "" : "  ")
          .append(pad(fields[i].name(), width[i], isNumeric(fields[i])));
      rule.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
    }
    out.println(header.toString().stripTrailing());
    out.println(rule);
    for (String[] line : cells) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < fields.length; i++) {
        text.append(i == 0 ? "" : "  ").append(pad(shown(line[i]), width[i], isNumeric(fields[i])));
      }
      out.println(text.toString().stripTrailing());
    }
    out.println("(" + cells.size() + (cells.size() == 1 ? " row)" : " rows)"));
  }

  private static boolean isNumeric(StructField field) {
    return field.dataType() instanceof NumericType;
  }

  private static String shown(String value) {
    return value == null ? "NULL" : value;
  }

  private static String pad(String value, int width, boolean right) {
    String space = " ".repeat(width - value.length());
    return right ? space + value : value + space;
  }

  private static void truncated(boolean more, int limit, PrintStream out) {
    if (more) {
      out.println("(only the first " + limit + " rows are shown; raise --limit to see more)");
    }
  }
}
