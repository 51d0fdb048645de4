package org.aoissl.spark;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under the scheme {@code elsewhere:}, so that tests drive the jobs through Hadoop's
 * FileSystem API, as they run against HDFS or an object store, and can still look at the files.
 */
public class ElsewhereFileSystem extends RawLocalFileSystem {
  static final String SCHEME = "elsewhere";

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  /**
   * Statuses without the local file system's lazily loaded permissions, which it reads through {@code
   * java.io.File} and so only under {@code file:}.
   */
  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    FileStatus[] s = super.listStatus(f);
    for (int i = 0; i < s.length; i++) {
      s[i] = plain(s[i]);
    }
    return s;
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    return plain(super.getFileStatus(f));
  }

  private static FileStatus plain(FileStatus s) {
    return new FileStatus(s.getLen(), s.isDirectory(), 1, s.getBlockSize(), s.getModificationTime(), s.getPath());
  }

  /** {@code elsewhere://} and the absolute path of {@code p}. */
  static String uri(java.nio.file.Path p) {
    return SCHEME + "://" + p.toAbsolutePath();
  }
}
