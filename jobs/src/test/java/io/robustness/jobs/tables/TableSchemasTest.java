package io.robustness.jobs.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustness.jobs.testing.Samples;
import io.robustness.jobs.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The schemas are the one statement of the tables: writers follow them, docs/tables.md lists them
 * with every column, README draws them with their keys.
 */
class TableSchemasTest {

  private static final Pattern ROW = Pattern.compile("^\\| `([a-z_]+)` \\| [^|]+ \\| (.+) \\|$");
  private static final Pattern DRAWN = Pattern.compile("[─├└┬ ]([a-z_]+) *\\(([a-z_, ]+)\\)");
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.start();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void theTablesReferenceListsEveryTableWithItsColumnsInOrder() throws IOException {
    Map<String, List<String>> documented = referenceTables();
    assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(Tables.ALL);
    for (String table : Tables.ALL) {
      List<String> expected = new ArrayList<>();
      expected.add(Tables.RUN_ID);
      Arrays.stream(TableSchemas.of(table).fields()).map(StructField::name).forEach(expected::add);
      assertThat(documented.get(table)).as(table).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void readmeDrawsEveryTableWithKeysThatAreItsColumns() throws IOException {
    String readme = Files.readString(Samples.root().resolve("README.md"));
    String section = readme.substring(readme.indexOf("## Tables"));
    section = section.substring(0, section.indexOf("\n## ", 1));
    Map<String, List<String>> drawn = new LinkedHashMap<>();
    Matcher m = DRAWN.matcher(section);
    while (m.find()) {
      drawn.put(m.group(1), Arrays.stream(m.group(2).split(",")).map(String::trim).toList());
    }
    assertThat(drawn.keySet()).containsExactlyInAnyOrderElementsOf(Tables.RETAINED);
    drawn.forEach(
        (table, keys) -> {
          List<String> columns = new ArrayList<>(List.of(TableSchemas.of(table).fieldNames()));
          columns.add(Tables.RUN_ID);
          assertThat(columns).as(table).containsAll(keys);
        });
  }

  @Test
  void theDerivedTablesHaveTheirSchemas() {
    Dataset<Row> images = spark.createDataFrame(List.of(), ImageRows.schema());
    TableSchemas.check(Tables.SAMPLES, DerivedTables.samples(images, List.of("a")).schema());
    TableSchemas.check(Tables.FLIPS, DerivedTables.flips(images, List.of("a")).schema());
    TableSchemas.check(Tables.ERRORS, DerivedTables.errors(images).schema());
  }

  @Test
  void aFrameThatDriftedFromItsSchemaIsRefusedNamingBoth() {
    Dataset<Row> drifted =
        DerivedTables.errors(spark.createDataFrame(List.of(), ImageRows.schema()))
            .withColumnRenamed("reason", "why");
    assertThatThrownBy(() -> TableSchemas.check(Tables.ERRORS, drifted.schema()))
        .hasMessageContaining("errors table")
        .hasMessageContaining("why:string")
        .hasMessageContaining("reason:string");
  }

  /** Table name to columns, from the reference's table; "the curves columns plus x" is expanded. */
  private static Map<String, List<String>> referenceTables() throws IOException {
    String readme = Files.readString(Samples.root().resolve("docs/tables.md"));
    String section = readme.substring(readme.indexOf("## Result tables"));
    section = section.substring(0, section.indexOf("\n## ", 1));
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String line : section.split("\n")) {
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        out.put(m.group(1), columns(m.group(2), out));
      }
    }
    return out;
  }

  private static List<String> columns(String cell, Map<String, List<String>> earlier) {
    List<String> out = new ArrayList<>();
    String rest = cell;
    String plus = "the curves columns plus ";
    if (rest.startsWith(plus)) {
      out.addAll(earlier.get(Tables.CURVES));
      rest = rest.substring(plus.length());
    }
    for (String item : rest.replaceAll("\\([^)]*\\)", "").split(",")) {
      out.add(item.trim());
    }
    return out;
  }
}
