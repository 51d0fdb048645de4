package org.aoissl.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.aoissl.io.StagedDirectory;

/**
 * Writes a dataset in another layout: {@code aoi-ssl} (one PNG per buffer, integer ids), {@code bitmask}
 * (same files, multi-label bits) or {@code plain} (one PNG, or a multi-page TIFF when C &gt; 1, per image).
 * Optionally adds colour overlays ({@code overlay/<stem>.png}) and per-class binary masks ({@code
 * per-class/<stem>_<class>.png}) for people and other tools. The output folder appears only when complete.
 */
public final class DatasetExport {
  /** What to write besides the images and labels. */
  public record Options(String layout, boolean overlays, boolean perClass) {
    public Options {
      if (!layout.equals("aoi-ssl") && !layout.equals("bitmask") && !layout.equals("plain")) {
        throw new IllegalArgumentException("can write aoi-ssl, bitmask or plain; got " + layout);
      }
    }
  }

  private DatasetExport() {}

  /** Writes every sample of {@code ds} under {@code out}; returns the number of images written. */
  public static int write(Dataset ds, Path out, Options opt, Runnable progress) throws IOException {
    ds.requireNoProblems();
    LabelEncoding enc = opt.layout().equals("bitmask") ? LabelEncoding.BITS : LabelEncoding.IDS;
    return StagedDirectory.write(out, dir -> {
      new DatasetManifest(opt.layout(), enc, ds.classes(),
          Map.of("converted-from", ds.root() + " (" + ds.layout() + ")")).write(dir);
      int n = 0;
      for (Sample s : ds.samples()) {
        Example e = ds.read(s);
        writeOne(dir, s.id(), e, ds.classes(), opt, enc);
        n++;
        progress.run();
      }
      return n;
    });
  }

  private static void writeOne(Path dir, String stem, Example e, ClassSet classes, Options opt, LabelEncoding enc)
      throws IOException {
    AoiImage img = e.image();
    if (opt.layout().equals("plain")) {
      if (img.channels() == 1) {
        ImageCodec.writePng(dir.resolve("images/" + stem + ".png"), img, 0);
      } else {
        ImageCodec.writeTiff(dir.resolve("images/" + stem + ".tif"), img);
      }
    } else {
      for (int c = 0; c < img.channels(); c++) {
        ImageCodec.writePng(dir.resolve("image/" + stem + "_buffer" + c + ".png"), img, c);
      }
    }
    if (e.labeled()) {
      String lbl = opt.layout().equals("plain") ? "masks/" : "lbl/";
      MaskCodec.write(dir.resolve(lbl + stem + ".png"), e.mask(), enc);
      if (opt.perClass()) {
        MaskCodec.writePerClass(dir.resolve("per-class"), stem, e.mask(), classes);
      }
    }
    if (opt.overlays()) {
      ImageCodec.writeRgb(dir.resolve("overlay/" + stem + ".png"), Overlay.render(img, 0, e.mask(), 0.45f));
    }
  }
}
