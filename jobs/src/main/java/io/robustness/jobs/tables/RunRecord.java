package io.robustness.jobs.tables;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One row of the {@code runs} table. */
public record RunRecord(
    String runId,
    String status,
    Instant startedAt,
    Instant finishedAt,
    String modelUri,
    String modelSha256,
    String datasetUri,
    long imagesTotal,
    long imagesScored,
    long imagesFailed,
    long imagesSkipped,
    List<Double> epsilons,
    String attack,
    String configJson,
    String sparkMaster,
    int executors,
    Map<String, Long> modelLoads,
    String codeVersion,
    String message,
    String datasetLayout,
    double sampleFraction,
    Long samplePerClass,
    long sampleSeed,
    String attempt) {

  public static final String RUNNING = "running";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  public RunRecord withStatus(String newStatus, Instant finished, String newMessage) {
    return new RunRecord(
        runId,
        newStatus,
        startedAt,
        finished,
        modelUri,
        modelSha256,
        datasetUri,
        imagesTotal,
        imagesScored,
        imagesFailed,
        imagesSkipped,
        epsilons,
        attack,
        configJson,
        sparkMaster,
        executors,
        modelLoads,
        codeVersion,
        newMessage,
        datasetLayout,
        sampleFraction,
        samplePerClass,
        sampleSeed,
        attempt);
  }

  /**
   * The counts once scoring is done. The total is what the run scored, failed and skipped: layouts
   * streamed from Parquet or shards are only counted as they are read.
   */
  public RunRecord withCounts(
      long scored, long failed, int executorCount, Map<String, Long> loads) {
    return new RunRecord(
        runId,
        status,
        startedAt,
        finishedAt,
        modelUri,
        modelSha256,
        datasetUri,
        scored + failed + imagesSkipped,
        scored,
        failed,
        imagesSkipped,
        epsilons,
        attack,
        configJson,
        sparkMaster,
        executorCount,
        loads,
        codeVersion,
        message,
        datasetLayout,
        sampleFraction,
        samplePerClass,
        sampleSeed,
        attempt);
  }
}
