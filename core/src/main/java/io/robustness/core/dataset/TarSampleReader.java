package io.robustness.core.dataset;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Streams the samples of one WebDataset shard: members are read in order and grouped while
 * consecutive members share a key, as WebDataset writes them. Nothing touches the disk; memory
 * holds one sample. Members whose extension is not wanted are skipped without being buffered.
 *
 * <p>A shard that ends inside a member or a header throws {@link IOException} from {@link #next()}
 * after every complete sample before it has been returned, so a truncated shard loses only what is
 * missing.
 */
public final class TarSampleReader implements Closeable {

  private static final int RECORD = 512;

  private final CountedStream counted;
  private final TarArchiveInputStream tar;
  private long lastDataEnd;
  private final List<String> wanted;
  private final long maxMemberBytes;
  private String key;
  private Map<String, byte[]> members = new HashMap<>();
  private String problem;
  private boolean ended;
  private TarArchiveEntry held;
  private IOException endFailure;

  /**
   * @param wanted member extensions to read (lower case); others are skipped
   * @param maxMemberBytes members larger than this are not read: their sample carries a problem
   */
  public TarSampleReader(InputStream in, List<String> wanted, long maxMemberBytes) {
    this.counted = new CountedStream(in);
    this.tar = new TarArchiveInputStream(counted);
    this.wanted = List.copyOf(wanted);
    this.maxMemberBytes = maxMemberBytes;
  }

  /**
   * The next sample, or null at the end of the shard.
   *
   * @throws IOException when the shard is not a tar or ends in the middle of a member
   */
  public TarSample next() throws IOException {
    if (held != null) {
      // The member that began this sample was left unread so the previous sample could be
      // returned before anything of this one could fail.
      TarArchiveEntry entry = held;
      held = null;
      String[] split = TarSample.keyAndExtension(entry.getName());
      key = split[0];
      read(entry, split[1]);
    }
    while (!ended) {
      TarArchiveEntry entry = tar.getNextEntry();
      if (entry == null) {
        ended = true;
        endFailure = endRecordProblem();
        break;
      }
      // The tar reader reads headers without buffering ahead, so the count is where the data
      // starts.
      lastDataEnd = counted.count + (entry.getSize() + RECORD - 1) / RECORD * RECORD;
      if (!entry.isFile()) {
        continue;
      }
      String[] split = TarSample.keyAndExtension(entry.getName());
      if (split == null) {
        continue;
      }
      if (key != null && !key.equals(split[0])) {
        held = entry;
        return take();
      }
      key = split[0];
      read(entry, split[1]);
    }
    if (key != null) {
      return take();
    }
    if (endFailure != null) {
      IOException failure = endFailure;
      endFailure = null;
      throw failure;
    }
    return null;
  }

  private void read(TarArchiveEntry entry, String extension) throws IOException {
    if (!wanted.contains(extension)) {
      return;
    }
    if (entry.getSize() > maxMemberBytes) {
      problem =
          String.format(
              Locale.ROOT,
              "member %s has %,d bytes, above the limit of %,d",
              entry.getName(),
              entry.getSize(),
              maxMemberBytes);
      return;
    }
    byte[] bytes;
    try {
      bytes = tar.readNBytes((int) entry.getSize());
    } catch (IOException e) {
      throw new IOException(
          "the shard ends inside member " + entry.getName() + ": " + e.getMessage(), e);
    }
    if (bytes.length < entry.getSize()) {
      throw new IOException(
          "the shard ends inside member "
              + entry.getName()
              + " ("
              + bytes.length
              + " of "
              + entry.getSize()
              + " bytes): truncated");
    }
    members.put(extension, bytes);
  }

  /**
   * A tar ends with a zero record; a stream that simply stops after a member (or is empty) was cut
   * short, and the tar reader alone would take it for the end.
   */
  private IOException endRecordProblem() {
    if (counted.count < lastDataEnd + RECORD) {
      return new IOException(
          counted.count == 0
              ? "the shard is empty"
              : "the shard ends after "
                  + counted.count
                  + " bytes without the tar end record: truncated");
    }
    return null;
  }

  private TarSample take() {
    TarSample sample = new TarSample(key, members, problem);
    key = null;
    members = new HashMap<>();
    problem = null;
    return sample;
  }

  @Override
  public void close() throws IOException {
    tar.close();
  }

  /** Counts the bytes the tar reader took from the shard. */
  private static final class CountedStream extends FilterInputStream {
    long count;

    CountedStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }
  }
}
