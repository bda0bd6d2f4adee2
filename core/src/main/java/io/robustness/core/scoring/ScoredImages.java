package io.robustness.core.scoring;

import java.util.Iterator;

/**
 * The results of {@link ImageScorer#score}, lazily; close it when done or abandoned so that its
 * reader threads stop (it closes itself once exhausted).
 */
public interface ScoredImages<T> extends Iterator<ScoredImage<T>>, AutoCloseable {

  @Override
  void close();
}
