package org.aoissl.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.aoissl.data.Dataset;
import org.aoissl.data.DatasetLayouts;
import org.aoissl.data.DatasetOptions;
import org.aoissl.data.ImageCodec;
import org.aoissl.data.Sample;
import org.aoissl.data.SkippedInput;
import org.aoissl.io.BadInputException;
import org.aoissl.io.StagedDirectory;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Lists the images under a folder on the driver, with the data layer's layouts, as the command line
 * does: a dataset folder or a split root, sorted by id, inputs a layout skips named in one warning line.
 *
 * <p>A folder on another file system is listed through a local mirror of its tree: image files become
 * empty placeholders (layouts go by names) and the small files a layout reads (dataset.json, annotation
 * JSON) are copied; tasks then read each image from its own URI.
 */
final class ImageListing {
  /** Files other than images larger than this are not copied into the mirror. */
  private static final long MAX_COPIED = 64L << 20;
  /** Files named per reason in the warning about skipped inputs. */
  private static final int NAMES_SHOWN = 3;

  private ImageListing() {}

  static List<ImageRef> list(URI root, DatasetOptions options, Configuration conf, PrintWriter err)
      throws IOException {
    if (Storage.isLocal(root)) {
      return list(Path.of(root), options, err, root, p -> p.toUri().toString());
    }
    Path mirror = Files.createTempDirectory("aoissl-listing");
    try {
      mirror(root, conf, mirror);
      org.apache.hadoop.fs.Path base = new org.apache.hadoop.fs.Path(root);
      return list(mirror, options, err, root, p -> new org.apache.hadoop.fs.Path(base,
          mirror.relativize(p).toString().replace('\\', '/')).toUri().toString());
    } finally {
      StagedDirectory.deleteTree(mirror);
    }
  }

  private static List<ImageRef> list(Path dir, DatasetOptions options, PrintWriter err, URI shown,
      Function<Path, String> uriOf) throws IOException {
    List<Sample> samples = new ArrayList<>();
    List<SkippedInput> skipped = new ArrayList<>();
    for (Dataset d : DatasetLayouts.openAll(dir, options)) {
      samples.addAll(d.samples());
      skipped.addAll(d.skipped());
    }
    if (!skipped.isEmpty()) {
      err.println("warning: " + skipped.size() + (skipped.size() == 1 ? " input" : " inputs") + " skipped in "
          + shown + " (" + SkippedInput.summary(skipped, NAMES_SHOWN) + ")");
      err.flush();
    }
    if (samples.isEmpty()) {
      throw new BadInputException(Path.of(shown.getPath()), "holds no images");
    }
    samples.sort(Comparator.comparing(Sample::id));
    List<ImageRef> out = new ArrayList<>(samples.size());
    for (Sample s : samples) {
      out.add(new ImageRef(s.id(), s.device(), s.imageFiles().stream().map(uriOf).toList()));
    }
    return out;
  }

  private static void mirror(URI root, Configuration conf, Path mirror) throws IOException {
    FileSystem fs = Storage.fs(root, conf);
    org.apache.hadoop.fs.Path top = fs.makeQualified(new org.apache.hadoop.fs.Path(root));
    if (!fs.getFileStatus(top).isDirectory()) {
      throw new BadInputException(Path.of(root.getPath()), "not a folder");
    }
    String prefix = top.toUri().getPath();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(top, true);
    while (it.hasNext()) {
      LocatedFileStatus st = it.next();
      String rel = st.getPath().toUri().getPath().substring(prefix.length()).replaceFirst("^/+", "");
      Path local = mirror.resolve(rel);
      Files.createDirectories(local.getParent());
      if (ImageCodec.isImageFile(local) || st.getLen() > MAX_COPIED) {
        Files.createFile(local);
      } else {
        fs.copyToLocalFile(false, st.getPath(), new org.apache.hadoop.fs.Path(local.toUri()), true);
      }
    }
  }
}
