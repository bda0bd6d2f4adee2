package io.robustness.jobs.testing;

import java.io.StringWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Every log line of this JVM at INFO and above, while started: what an operator's log files would
 * hold.
 */
public final class LogCapture {

  private final StringWriter sink = new StringWriter();
  private final WriterAppender appender;
  private final LoggerConfig root;
  private final Level previous;
  private final LoggerContext context;

  private LogCapture() {
    context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    appender =
        WriterAppender.createAppender(
            PatternLayout.newBuilder().withPattern("%p %c %m%n%throwable").build(),
            null,
            sink,
            "capture",
            false,
            true);
    appender.start();
    root = config.getRootLogger();
    previous = root.getLevel();
    root.addAppender(appender, Level.ALL, null);
    root.setLevel(Level.INFO);
    context.updateLoggers();
  }

  public static LogCapture start() {
    return new LogCapture();
  }

  public void stop() {
    root.removeAppender("capture");
    root.setLevel(previous);
    context.updateLoggers();
    appender.stop();
  }

  public String text() {
    return sink.toString();
  }
}
