package io.robustness.jobs.tables;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.robustness.jobs.store.RetryingFileSystem;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead log of one attempt's commit, in {@code <attempt staging>/_journal/}: the planned
 * moves ({@code plan.json}), a marker written before each move starts ({@code step-N}) and before
 * each is undone ({@code undo-N}), and {@code committed} or {@code rolled-back} at the end. Every
 * file is written once. Each move's destination is empty before its step (the old partition was
 * moved aside first), so undoing a step, finished or cut short, is moving back whatever reached the
 * destination. Whoever finds a journal that ended in neither marker (this attempt after a failure,
 * or the next owner after a crash) rolls it back from where it stands; rolling back twice is safe.
 */
final class CommitJournal {

  private static final Logger LOG = LoggerFactory.getLogger(CommitJournal.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FOLDER = "_journal";
  private static final String PLAN = "plan.json";
  private static final String COMMITTED = "committed";
  private static final String ROLLED_BACK = "rolled-back";

  /** One move of the commit: a staged table into place, or a committed one aside. */
  record Move(Path src, Path dst) {}

  /** Where a journal stands. */
  enum State {
    /** No commit was started: staged files only. */
    NONE,
    /** Started and neither finished nor undone: must be rolled back. */
    UNFINISHED,
    COMMITTED,
    ROLLED_BACK
  }

  /** Asked before every move; throws to stop it (the lease was lost, the attempt interrupted). */
  interface Guard {
    void check(String step) throws IOException;
  }

  /** Told after every move; tests throw from it to simulate a crash at that point. */
  interface Checkpoint {
    void reached(String step);
  }

  private final RetryingFileSystem fs;
  private final Path folder;
  private final Configuration hadoop;

  CommitJournal(FileSystem fs, Path attemptStaging, Configuration hadoop) {
    this.fs = RetryingFileSystem.of(fs);
    this.folder = new Path(attemptStaging, FOLDER);
    this.hadoop = hadoop;
  }

  State state() throws IOException {
    if (fs.exists(marker(COMMITTED))) {
      return State.COMMITTED;
    }
    if (fs.exists(marker(ROLLED_BACK))) {
      return State.ROLLED_BACK;
    }
    return fs.exists(marker(PLAN)) ? State.UNFINISHED : State.NONE;
  }

  /** Records the plan, then makes each move, marking it first; ends with {@code committed}. */
  void commit(List<Move> moves, Guard guard, Checkpoint checkpoint) throws IOException {
    moveLeavingOpen(moves, guard, checkpoint);
    touch(marker(COMMITTED));
    checkpoint.reached("marked committed");
  }

  /**
   * Records the plan and makes each move as {@link #commit} does, but leaves the journal
   * unfinished: for moves whose commit point is elsewhere (an Iceberg publication's mark), which
   * stay undoable by {@link #rollBack} until then.
   */
  void moveLeavingOpen(List<Move> moves, Guard guard, Checkpoint checkpoint) throws IOException {
    guard.check("committing");
    writePlan(moves);
    checkpoint.reached("planned the commit");
    for (int i = 0; i < moves.size(); i++) {
      Move m = moves.get(i);
      guard.check("moving " + describe(m));
      touch(step("step", i));
      FileMoves.move(fileSystem(m.src()), m.src(), m.dst());
      checkpoint.reached("moved " + describe(m));
    }
  }

  /**
   * Undoes every move that started, newest first, resuming an undo cut short; ends with {@code
   * rolled-back}. Does nothing to a journal that committed or never started.
   *
   * @return true when there was something to undo
   */
  boolean rollBack(Guard guard, Checkpoint checkpoint) throws IOException {
    if (state() != State.UNFINISHED) {
      return false;
    }
    List<Move> moves = readPlan();
    int from = Math.min(lowest("undo"), highest("step"));
    for (int i = from; i >= 0; i--) {
      Move m = moves.get(i);
      guard.check("undoing " + describe(m));
      touch(step("undo", i));
      FileMoves.move(fileSystem(m.dst()), m.dst(), m.src());
      checkpoint.reached("undid " + describe(m));
    }
    touch(marker(ROLLED_BACK));
    checkpoint.reached("marked rolled back");
    return true;
  }

  /** Like {@code samples/run_id=r -> _previous/samples}: a folder and its parent on each side. */
  private static String describe(Move m) {
    return tail(m.src()) + " -> " + tail(m.dst());
  }

  private static String tail(Path p) {
    return p.getParent().getName() + "/" + p.getName();
  }

  private FileSystem fileSystem(Path p) throws IOException {
    return RetryingFileSystem.of(p.getFileSystem(hadoop));
  }

  private Path marker(String name) {
    return new Path(folder, name);
  }

  private Path step(String kind, int i) {
    return marker(String.format(Locale.ROOT, "%s-%05d", kind, i));
  }

  /** Writes an empty marker; written again (overwriting) it is the same marker. */
  private void touch(Path p) throws IOException {
    fs.writeAll(p, new byte[0], true);
  }

  /** The highest index among markers of {@code kind}; -1 for none. */
  private int highest(String kind) throws IOException {
    int max = -1;
    for (int i : indices(kind)) {
      max = Math.max(max, i);
    }
    return max;
  }

  /** The lowest index among markers of {@code kind}; the largest int for none. */
  private int lowest(String kind) throws IOException {
    int min = Integer.MAX_VALUE;
    for (int i : indices(kind)) {
      min = Math.min(min, i);
    }
    return min;
  }

  private List<Integer> indices(String kind) throws IOException {
    List<Integer> out = new ArrayList<>();
    FileStatus[] markers;
    try {
      markers = fs.listStatus(folder);
    } catch (FileNotFoundException e) {
      return out;
    }
    for (FileStatus s : markers) {
      String name = s.getPath().getName();
      if (name.startsWith(kind + "-")) {
        out.add(Integer.parseInt(name.substring(kind.length() + 1)));
      }
    }
    return out;
  }

  private void writePlan(List<Move> moves) throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    for (Move m : moves) {
      rows.add(Map.of("src", withoutUserInfo(m.src()), "dst", withoutUserInfo(m.dst())));
    }
    fs.writeAll(marker(PLAN), JSON.writeValueAsBytes(rows), false);
  }

  private List<Move> readPlan() throws IOException {
    try {
      List<Move> out = new ArrayList<>();
      for (Object o : JSON.readValue(fs.readAll(marker(PLAN)), List.class)) {
        Map<?, ?> m = (Map<?, ?>) o;
        out.add(new Move(new Path((String) m.get("src")), new Path((String) m.get("dst"))));
      }
      return out;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      // Written before the first move, so a torn plan means no move was made.
      LOG.warn(
          "commit plan {} does not parse ({}): nothing was moved", marker(PLAN), e.getMessage());
      return List.of();
    }
  }

  /** Credentials never go into a file; Hadoop takes them from its settings. */
  private static String withoutUserInfo(Path p) {
    URI u = p.toUri();
    if (u.getUserInfo() == null) {
      return u.toString();
    }
    try {
      return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null)
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot write " + p + " without its user info", e);
    }
  }
}
