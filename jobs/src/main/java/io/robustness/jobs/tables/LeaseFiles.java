package io.robustness.jobs.tables;

import io.robustness.jobs.store.StoreErrors;
import io.robustness.jobs.store.StoreRetry;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One run's lease folder as its file names say it. Every file is written once and never
 * overwritten: {@code <seq>_<attempt>_<beat>.json} is a heartbeat of the attempt that claimed
 * sequence number {@code seq} (beat 0 is the claim), and {@code <seq>_<attempt>_released.json} says
 * that attempt ended. Nothing needs a compare-and-swap: an attempt only ever writes its own names.
 */
final class LeaseFiles {

  private static final Pattern NAME =
      Pattern.compile("(\\d{10})_([0-9a-f-]{1,64})_(\\d{10}|released)\\.json");
  private static final String RELEASED = "released";

  /** One file of the folder. */
  record Entry(long seq, String attempt, long beat, Path path) {
    boolean released() {
      return beat < 0;
    }
  }

  private final List<Entry> entries;

  private LeaseFiles(List<Entry> entries) {
    this.entries = entries;
  }

  /** Listings of a folder that failed before the failure is believed. */
  static final int FAILED_LISTINGS = 5;

  /** The folder's files; none when it does not exist. Other names are ignored. */
  static LeaseFiles list(FileSystem fs, Path folder) throws IOException {
    List<Entry> out = new ArrayList<>();
    FileStatus[] files;
    try {
      files =
          StoreRetry.call(
              "listing lease folder " + folder,
              FAILED_LISTINGS,
              LeaseFiles::folderMayHaveVanished,
              () -> fs.listStatus(folder));
    } catch (FileNotFoundException e) {
      return new LeaseFiles(out);
    }
    for (FileStatus f : files) {
      Entry e = parse(f.getPath());
      if (e != null) {
        out.add(e);
      }
    }
    return new LeaseFiles(out);
  }

  /**
   * A releasing attempt removes the folder once it is empty, at any moment, and a claimer creates
   * it again: Hadoop's local listing checks that the folder exists, then reads it, and a folder
   * removed in between fails the read as access denied or as an I/O error (both seen in
   * RunLeaseTest's race of four attempts). Such a listing is done again, as {@code RunLease.write}
   * writes again; a failure that lasts is reported.
   */
  private static boolean folderMayHaveVanished(Exception e) {
    return StoreErrors.isPassing(e)
        || (e instanceof IOException
            && !(e instanceof FileNotFoundException)
            && !(e instanceof InterruptedIOException)
            && !Thread.currentThread().isInterrupted());
  }

  static Entry parse(Path path) {
    Matcher m = NAME.matcher(path.getName());
    if (!m.matches()) {
      return null;
    }
    long beat = m.group(3).equals(RELEASED) ? -1 : Long.parseLong(m.group(3));
    return new Entry(Long.parseLong(m.group(1)), m.group(2), beat, path);
  }

  static Path beat(Path folder, long seq, String attempt, long beat) {
    return new Path(folder, String.format(Locale.ROOT, "%010d_%s_%010d.json", seq, attempt, beat));
  }

  static Path released(Path folder, long seq, String attempt) {
    return new Path(folder, String.format(Locale.ROOT, "%010d_%s_%s.json", seq, attempt, RELEASED));
  }

  /** The highest sequence number any file carries, released ones included; 0 for none. */
  long top() {
    return entries.stream().mapToLong(Entry::seq).max().orElse(0);
  }

  /** Attempts at {@code seq} with a heartbeat and no release: the live claims there. */
  Set<String> claimsAt(long seq) {
    Set<String> out = new TreeSet<>();
    for (Entry e : entries) {
      if (e.seq() == seq && !e.released()) {
        out.add(e.attempt());
      }
    }
    entries.stream()
        .filter(e -> e.seq() == seq && e.released())
        .forEach(e -> out.remove(e.attempt()));
    return out;
  }

  /** Attempts that held {@code seq} and released it. */
  Set<String> releasedAt(long seq) {
    Set<String> out = new TreeSet<>();
    for (Entry e : entries) {
      if (e.seq() == seq && e.released()) {
        out.add(e.attempt());
      }
    }
    return out;
  }

  /** The heartbeats of {@code attempt} at {@code seq}, newest first. */
  List<Entry> beats(long seq, String attempt) {
    return entries.stream()
        .filter(e -> e.seq() == seq && e.attempt().equals(attempt) && !e.released())
        .sorted(Comparator.comparingLong(Entry::beat).reversed())
        .toList();
  }

  /** Every file of other attempts below {@code seq}: what earlier, dead or taken-over ones left. */
  List<Entry> below(long seq) {
    return entries.stream().filter(e -> e.seq() < seq).toList();
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  List<Entry> all() {
    return entries;
  }
}
