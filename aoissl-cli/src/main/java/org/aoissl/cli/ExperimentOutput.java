package org.aoissl.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.aoissl.experiment.Experiment;
import org.aoissl.experiment.ExperimentFiles;
import org.aoissl.experiment.ExperimentReport;
import org.aoissl.experiment.ExperimentResults;
import org.aoissl.report.HtmlReport;
import org.aoissl.report.Section;

/** What experiment and demo leave in their output folder, and the console's final table. */
final class ExperimentOutput {
  private ExperimentOutput() {}

  static void write(Experiment.Outcome o, Path dir, String title, String command) throws IOException {
    write(o, dir, title, command, List.of());
  }

  /** The same, with {@code more} sections in the report after the new-device table. */
  static void write(Experiment.Outcome o, Path dir, String title, String command, List<Section> more)
      throws IOException {
    Files.createDirectories(dir);
    ExperimentFiles.write(o.results(), dir);
    HtmlReport.write(ExperimentReport.build(o, title, command, more), dir.resolve("report.html"));
  }

  /** Table 1 in a few console lines. */
  static String summary(ExperimentResults r) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-10s %14s %14s%n", "encoder", "retrieval mIoU",
        "fine-tune mIoU"));
    for (ExperimentResults.MethodRow m : r.methods()) {
      b.append(String.format(Locale.ROOT, "%-10s %14.3f %14.3f%n", m.method(), m.retrieval().miou(),
          m.finetune().miou()));
    }
    if (r.unet() != null) {
      b.append(String.format(Locale.ROOT, "%-10s %14s %14.3f%n", "U-Net", "–", r.unet().finetune().miou()));
    }
    return b.toString().stripTrailing();
  }
}
