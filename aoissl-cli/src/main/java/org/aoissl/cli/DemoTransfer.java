package org.aoissl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.aoissl.data.DatasetOptions;
import org.aoissl.data.LabeledSet;
import org.aoissl.experiment.TransferExperiment;
import org.aoissl.io.FormatUtil;
import org.aoissl.retrieval.PatchEncoder;

/**
 * The demo's transfer table: {@link TransferExperiment} from {@value #SHOTS} labeled images of device a,
 * 2 images of b added. Its result is kept in the work folder with the settings it ran with, so running the
 * demo again reuses it.
 */
final class DemoTransfer {
  static final int SHOTS = 5;
  static final String DEVICES = "a: other units of the support package; a-frame: the same package type on another "
      + "leadframe; a-zoom: 1.4x magnification; a-light: another lighting recipe, die brighter than the frame; "
      + "b, c: other package types.";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a finished run leaves behind: the settings and the tables. */
  record Saved(String ckpt, double seconds, long seed, TransferExperiment.Result result) {}

  private DemoTransfer() {}

  static TransferExperiment.Result run(Path root, Path ckpt, Path work, double seconds, long seed, PrintWriter err)
      throws IOException {
    Path file = work.resolve("transfer.json");
    String id = FormatUtil.checksum(ckpt);
    if (Files.isRegularFile(file)) {
      Saved s = JSON.readValue(file.toFile(), Saved.class);
      if (s.ckpt().equals(id) && s.seconds() == seconds && s.seed() == seed) {
        err.println("transfer table: reusing " + file);
        err.flush();
        return s.result();
      }
    }
    err.println("transfer table: retrieval, refiner and U-Net from " + SHOTS + " images of a, on six devices");
    err.flush();
    LabeledSet train = LabeledSet.load(root.resolve("train"), DatasetOptions.DEFAULT, null, 0, false);
    LabeledSet test = LabeledSet.load(root.resolve("test"), DatasetOptions.DEFAULT, null, 0, false);
    TransferExperiment.Result r;
    try (PatchEncoder enc = PatchEncoder.open(ckpt); TrainProgress console = new TrainProgress("transfer", err)) {
      r = TransferExperiment.run(enc, train.examples(), test.examples(), train.classes(),
          new TransferExperiment.Config("a", SHOTS, seconds, "b", 2, seed), work, console);
    }
    byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Saved(id, seconds, seed, r));
    FormatUtil.writeAtomically(file, o -> o.write(bytes));
    return r;
  }

  static String markdown(TransferExperiment.Result r) {
    return "Other devices from " + SHOTS + " labeled images of a (mIoU; " + DEVICES + ")\n\n" + r.markdown();
  }
}
