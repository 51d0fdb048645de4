package org.aoissl.spark;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Where the jobs' inputs and outputs live: a plain path or {@code file:} URI is the local file system,
 * read and written with {@code java.nio} so files are exactly those the command line writes (Hadoop's
 * local file system would add {@code .crc} files); any other scheme goes through Hadoop's FileSystem.
 */
final class Storage {
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]+:.*");

  private Storage() {}

  /** A URI for a user's argument: URIs as given, paths made absolute as {@code file:} URIs. */
  static URI uri(String arg) {
    if (SCHEME.matcher(arg).matches()) {
      URI u = URI.create(arg);
      return isLocal(u) ? Path.of(u).toAbsolutePath().normalize().toUri() : u;
    }
    return Path.of(arg).toAbsolutePath().normalize().toUri();
  }

  static boolean isLocal(URI u) {
    return "file".equals(u.getScheme());
  }

  /** The URI of {@code name} inside the folder {@code dir}. */
  static URI child(URI dir, String name) {
    String s = dir.toString();
    return URI.create(s.endsWith("/") ? s + name : s + "/" + name);
  }

  /** The last path segment of a URI: the file's name. */
  static String name(URI u) {
    String p = u.getPath();
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.substring(p.lastIndexOf('/') + 1);
  }

  /**
   * A URI as Spark's readers and writers take a path: Hadoop's string form, not percent-encoded (they
   * would take "%5B" in a folder name literally).
   */
  static String hadoopPath(URI u) {
    return new org.apache.hadoop.fs.Path(u).toString();
  }

  /** {@link #hadoopPath} for Spark's readers, which expand globs: glob characters escaped. */
  static String readPath(URI u) {
    return hadoopPath(u).replaceAll("([\\\\\\[\\]{}*?])", "\\\\$1");
  }

  static FileSystem fs(URI u, Configuration conf) throws IOException {
    return FileSystem.get(u, conf);
  }

  /**
   * A local copy of a file: the file itself when local, else a copy in {@code tmp} under the same name
   * (readers choose codecs by extension).
   */
  static Path fetch(URI u, Configuration conf, Path tmp) throws IOException {
    if (isLocal(u)) {
      return Path.of(u);
    }
    Path local = tmp.resolve(name(u));
    Files.createDirectories(tmp);
    fs(u, conf).copyToLocalFile(false, new org.apache.hadoop.fs.Path(u), new org.apache.hadoop.fs.Path(
        local.toUri()), true);
    return local;
  }
}
