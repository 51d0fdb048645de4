package org.aoissl.spark;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aoissl.data.Sample;
import org.aoissl.io.StagedDirectory;
import org.apache.hadoop.conf.Configuration;

/**
 * One image's files where a task can read them: local files as they are, files on another file system
 * copied to a temporary folder that {@link #close} deletes, so a partition holds one image on disk at a
 * time.
 */
final class TaskInput implements AutoCloseable {
  private final Sample sample;
  private final Path tmp;

  private TaskInput(Sample sample, Path tmp) {
    this.sample = sample;
    this.tmp = tmp;
  }

  static TaskInput open(ImageRef ref, Configuration conf) throws IOException {
    List<Path> files = new ArrayList<>();
    Path tmp = null;
    try {
      for (String f : ref.files()) {
        URI u = URI.create(f);
        if (!Storage.isLocal(u) && tmp == null) {
          tmp = Files.createTempDirectory("aoissl-image");
        }
        files.add(Storage.fetch(u, conf, tmp));
      }
    } catch (IOException | RuntimeException e) {
      if (tmp != null) {
        StagedDirectory.deleteTree(tmp);
      }
      throw e;
    }
    return new TaskInput(new Sample(ref.id(), ref.device(), files, null), tmp);
  }

  Sample sample() {
    return sample;
  }

  @Override
  public void close() throws IOException {
    if (tmp != null) {
      StagedDirectory.deleteTree(tmp);
    }
  }
}
