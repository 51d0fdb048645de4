package org.aoissl.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Example;
import org.aoissl.inspect.Inspector;
import org.aoissl.inspect.SegmentChoices;
import org.aoissl.retrieval.BankBuilder;
import org.aoissl.retrieval.BankEncoder;
import org.aoissl.retrieval.BankFile;
import org.aoissl.retrieval.BankIndex;
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.PatchEncoder;

/**
 * A bank the service segments with and teaches. Each version is an immutable snapshot (bank, index,
 * refiner); a change builds the next one from the file, writes it (the history copy first, then the
 * bank file, each atomically) and swaps it in whole, so a request sees one version from start to end.
 * A snapshot is closed when it is no longer current and its last request has finished. Versions are
 * kept as copies in {@code BANK.versions/v<N>.bank}, the newest {@code keep} of them, for revert.
 */
final class ServedBank implements AutoCloseable {
  /** One version, open, with a count of the requests using it (plus one while it is current). */
  static final class Snapshot {
    private final Inspector inspector;
    private final BankVersion version;
    private final AtomicInteger refs = new AtomicInteger(1);

    private Snapshot(Inspector inspector, BankVersion version) {
      this.inspector = inspector;
      this.version = version;
    }

    Inspector inspector() {
      return inspector;
    }

    BankVersion version() {
      return version;
    }

    /** Ends one use; the last one closes the snapshot's index and refiner. */
    void release() {
      if (refs.decrementAndGet() == 0) {
        inspector.close();
      }
    }
  }

  private final String name;
  private final Path file;
  private final Path history;
  private final int keep;
  private final PatchEncoder encoder;
  private final AtomicReference<Snapshot> current = new AtomicReference<>();
  private final List<BankVersion> versions = new ArrayList<>();
  private final Object writeLock = new Object();
  private final ClassSet classes;

  private ServedBank(String name, Path file, int keep, PatchEncoder encoder, ClassSet classes) {
    this.name = name;
    this.classes = classes;
    this.file = file;
    this.history = file.resolveSibling(file.getFileName() + ".versions");
    this.keep = keep;
    this.encoder = encoder;
  }

  /** Opens a bank file with the encoder it was built with, and its kept versions. */
  static ServedBank open(String name, Path file, int keep) throws IOException {
    Path f = file.toAbsolutePath().normalize();
    MemoryBank bank = BankFile.read(f);
    PatchEncoder enc = BankEncoder.open(null, bank, f);
    ServedBank sb = new ServedBank(name, f, keep, enc, bank.classes());
    try {
      sb.loadHistory(bank);
      sb.current.set(new Snapshot(Inspector.open(f, bank, enc, null, SegmentChoices.DEFAULT), BankVersion.of(bank)));
      return sb;
    } catch (IOException | RuntimeException e) {
      enc.close();
      throw e;
    }
  }

  String name() {
    return name;
  }

  PatchEncoder encoder() {
    return encoder;
  }

  /** The bank's classes (fixed for its life). */
  ClassSet classes() {
    return classes;
  }

  /** Entries of the current version (for metrics; no lease taken). */
  long entries() {
    Snapshot s = current.get();
    return s == null ? 0 : s.version().entries();
  }

  /** The current version number (for metrics). */
  long version() {
    Snapshot s = current.get();
    return s == null ? 0 : s.version().version();
  }

  /** The current version for one request; the caller must {@link Snapshot#release} it. */
  Snapshot acquire() {
    while (true) {
      Snapshot s = current.get();
      int r = s.refs.get();
      // 0 means it was retired and closed between the read and here: the next read sees its successor.
      if (r > 0 && s.refs.compareAndSet(r, r + 1)) {
        return s;
      }
    }
  }

  /** The kept versions, oldest first. */
  List<BankVersion> versions() {
    synchronized (writeLock) {
      return List.copyOf(versions);
    }
  }

  /** Adds labeled images as a new version and serves it; an id the bank already holds is refused (409). */
  BankVersion add(List<Example> examples, String by) throws IOException {
    synchronized (writeLock) {
      BankVersion cur = current.get().version();
      MemoryBank next = BankFile.read(file);
      // Checked under the write lock, against the version being extended: two adds of one id cannot both pass.
      for (Example e : examples) {
        if (next.images().stream().anyMatch(im -> im.id().equals(e.sample().id()))) {
          throw new ApiException(409, "bank '" + name + "' already holds an image '" + e.sample().id() + "'");
        }
      }
      BankBuilder.add(next, encoder, examples, next.classes(), next.config(), n -> { });
      String ids = String.join(", ", examples.stream().map(e -> e.sample().id()).toList());
      BankVersion.stamp(next, cur.version() + 1, cur.version(), "add " + ids, by);
      return publish(next);
    }
  }

  /** Goes back to the version the current one was made from, as a new version. */
  BankVersion revert(String by) throws IOException {
    synchronized (writeLock) {
      BankVersion cur = current.get().version();
      if (cur.parent() == 0) {
        throw new ApiException(409, "bank '" + name + "' is at v" + cur.version() + ", which has no earlier version");
      }
      Path earlier = versionFile(cur.parent());
      if (!Files.isRegularFile(earlier)) {
        throw new ApiException(409, "bank '" + name + "': v" + cur.parent() + " is no longer kept");
      }
      MemoryBank next = BankFile.read(earlier);
      BankVersion target = BankVersion.of(next);
      BankVersion.stamp(next, cur.version() + 1, target.parent(), "revert to v" + target.version(), by);
      return publish(next);
    }
  }

  private BankVersion publish(MemoryBank next) throws IOException {
    BankVersion v = BankVersion.of(next);
    Files.createDirectories(history);
    BankFile.write(versionFile(v.version()), next);
    BankIndex.save(file, next, null);
    Inspector ins = Inspector.open(file, next, encoder, null, SegmentChoices.DEFAULT);
    Snapshot old = current.getAndSet(new Snapshot(ins, v));
    old.release();
    versions.add(v);
    prune();
    return v;
  }

  private void loadHistory(MemoryBank bank) throws IOException {
    BankVersion cur = BankVersion.of(bank);
    Files.createDirectories(history);
    Path mine = versionFile(cur.version());
    if (!Files.isRegularFile(mine)) {
      BankFile.write(mine, bank);
    }
    try (Stream<Path> s = Files.list(history)) {
      for (Path p : s.filter(p -> p.getFileName().toString().matches("v\\d+\\.bank")).toList()) {
        int n = Integer.parseInt(p.getFileName().toString().replaceAll("\\D", ""));
        // Versions after the current one are left over from a change that did not finish writing.
        if (n <= cur.version()) {
          versions.add(n == cur.version() ? cur : BankVersion.of(BankFile.read(p)));
        }
      }
    }
    versions.sort(Comparator.comparingInt(BankVersion::version));
    prune();
  }

  private void prune() throws IOException {
    while (versions.size() > keep) {
      Files.deleteIfExists(versionFile(versions.remove(0).version()));
    }
  }

  private Path versionFile(int version) {
    return history.resolve("v" + version + ".bank");
  }

  @Override
  public void close() {
    Snapshot s = current.getAndSet(null);
    if (s != null) {
      s.release();
    }
    encoder.close();
  }
}
