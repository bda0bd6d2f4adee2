package io.robustness.jobs.cli;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A command's Spark session starting on a thread of its own, so that its seconds of start-up
 * overlap the driver's own checks (listing the dataset, the model's dry run, claiming the run id).
 * Only settings that read without a problem start one: a bad config is still refused before Spark
 * starts.
 */
final class PendingSession implements AutoCloseable {

  private final FutureTask<CommandSession> start;

  private PendingSession(FutureTask<CommandSession> start) {
    this.start = start;
  }

  /**
   * Starts {@link CommandSession#start(String, boolean)} in the background, with the progress bar:
   * the commands that start early score images.
   */
  static PendingSession start(String appName) {
    FutureTask<CommandSession> task = new FutureTask<>(() -> CommandSession.start(appName, true));
    Thread thread = new Thread(task, "spark-session-start");
    thread.setDaemon(true);
    thread.start();
    return new PendingSession(task);
  }

  /**
   * The session, once started.
   *
   * @throws Exception what starting it threw
   */
  CommandSession session() throws Exception {
    try {
      return start.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  /**
   * Waits for the start to end and closes the session: a command that gave up before using it (a
   * dataset or model problem, a refused claim) leaves no session behind. A start that failed was
   * either reported by whoever asked for the session, or mattered to nothing.
   */
  @Override
  public void close() {
    CommandSession session;
    try {
      session = session();
    } catch (Exception e) {
      return;
    }
    session.close();
  }
}
