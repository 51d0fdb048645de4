package org.aoissl.spark;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.aoissl.inspect.PredictionFolder;
import org.aoissl.io.BadInputException;
import org.aoissl.io.StagedDirectory;
import org.apache.hadoop.fs.FileSystem;

/**
 * The segment job's output folder: labels/, masks/ and overlays/ as {@code aoissl segment} writes them,
 * and results/, the Parquet table. A task writes an image's files into a staging folder of its own attempt
 * and then moves each to its final name with an atomic rename that replaces what is there, so an attempt
 * that is retried, or runs twice speculatively, leaves one copy of each file with the same bytes.
 */
final class OutputTree implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Name of the Parquet table's folder. */
  static final String RESULTS = "results";
  private static final String STAGING = "_staging";

  private final String root;
  private final HadoopConf conf;

  OutputTree(URI root, HadoopConf conf) {
    this.root = root.toString();
    this.conf = conf;
  }

  URI root() {
    return URI.create(root);
  }

  URI results() {
    return Storage.child(root(), RESULTS);
  }

  /** On the driver: refuses an existing non-empty folder, then makes the mask folders. */
  void prepare() throws IOException {
    if (local()) {
      Path dir = Path.of(root());
      if (Files.exists(dir) && !isEmptyDir(dir)) {
        throw new BadInputException(dir, "output folder exists and is not empty; choose a new one");
      }
      for (String sub : PredictionFolder.SUBFOLDERS) {
        Files.createDirectories(dir.resolve(sub));
      }
      return;
    }
    FileSystem fs = Storage.fs(root(), conf.get());
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(root());
    if (fs.exists(dir) && fs.listStatus(dir).length > 0) {
      throw new BadInputException(Path.of(root().getPath()), "output folder exists and is not empty; choose a "
          + "new one");
    }
    for (String sub : PredictionFolder.SUBFOLDERS) {
      fs.mkdirs(new org.apache.hadoop.fs.Path(dir, sub));
    }
  }

  /** On an executor: an empty staging folder for one task attempt. */
  Path staging(String attempt) throws IOException {
    Path dir = local() ? Path.of(root()).resolve(STAGING).resolve(attempt)
        : Files.createTempDirectory("aoissl-" + attempt);
    StagedDirectory.deleteTree(dir);
    Files.createDirectories(dir);
    return dir;
  }

  /** Moves every file a {@link PredictionFolder#write} left in {@code staged} to its final name. */
  void publish(Path staged) throws IOException {
    for (String sub : PredictionFolder.SUBFOLDERS) {
      List<Path> files;
      try (Stream<Path> s = Files.list(staged.resolve(sub))) {
        files = s.sorted().toList();
      }
      for (Path f : files) {
        if (local()) {
          Files.move(f, Path.of(root()).resolve(sub).resolve(f.getFileName().toString()),
              StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } else {
          publishRemote(f, sub);
        }
      }
    }
  }

  /** Copies next to the final name, then renames over it (atomic on HDFS; a copy on object stores). */
  private void publishRemote(Path f, String sub) throws IOException {
    FileSystem fs = Storage.fs(root(), conf.get());
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(root()), sub);
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(dir, f.getFileName().toString());
    org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(dir, "." + f.getFileName() + "."
        + UUID.randomUUID() + ".tmp");
    fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(f.toUri()), tmp);
    fs.delete(target, false);
    if (!fs.rename(tmp, target)) {
      throw new IOException("could not rename " + tmp + " to " + target);
    }
  }

  /** On the driver after the job: removes what failed attempts left in the staging area. */
  void finish() throws IOException {
    if (local()) {
      StagedDirectory.deleteTree(Path.of(root()).resolve(STAGING));
    }
  }

  private boolean local() {
    return Storage.isLocal(root());
  }

  private static boolean isEmptyDir(Path p) throws IOException {
    if (!Files.isDirectory(p)) {
      return false;
    }
    try (Stream<Path> s = Files.list(p)) {
      return s.findAny().isEmpty();
    }
  }
}
