package org.aoissl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.aoissl.data.Dataset;
import org.aoissl.data.DatasetLayouts;
import org.aoissl.data.DatasetOptions;
import org.aoissl.data.LabelEncoding;
import org.aoissl.eval.BoundaryF1;
import org.aoissl.eval.Evaluator;
import org.aoissl.eval.SegmentationReport;
import org.aoissl.io.FormatUtil;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aoissl eval}: score predicted label files against a labeled dataset. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Score predicted masks against ground truth: IoU (pooled and per-image mean), clDice, "
        + "boundary F1 and a pixel confusion matrix per class.")
public final class EvalCommand implements Callable<Integer> {
  @Option(names = "--pred", required = true, paramLabel = "DIR",
      description = "Predictions: <image id>.png label files in DIR/labels/, or in DIR itself.")
  Path pred;

  @Option(names = "--gt", required = true, paramLabel = "DIR",
      description = "Ground-truth dataset folder, or a folder of split folders (unlabeled ones are skipped).")
  Path gt;

  @Option(names = "--out", paramLabel = "FILE.json", description = "Also write the scores as JSON.")
  Path out;

  @Option(names = "--tolerance", paramLabel = "PX", defaultValue = "" + BoundaryF1.DEFAULT_TOLERANCE,
      description = "Boundary F1 distance tolerance in pixels (default: ${DEFAULT-VALUE}).")
  int tolerance;

  @Option(names = "--pred-labels", defaultValue = "bits",
      description = "Label encoding of the prediction files: bits (multi-label) or ids (default: ${DEFAULT-VALUE}).")
  String predLabels;

  @Mixin DatasetArgs dataArgs;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Scores the predictions in {@code predDir} against every labeled image under {@code gtDir}. */
  public static SegmentationReport run(Path predDir, Path gtDir, DatasetOptions options, int tolerance,
      LabelEncoding predLabels) throws IOException {
    List<Dataset> datasets = DatasetLayouts.openAll(DatasetArgs.abs(gtDir), options);
    try (Progress p = Progress.start("eval", Evaluator.labeledCount(datasets))) {
      return Evaluator.evaluate(DatasetArgs.abs(predDir), datasets, options.classes(), tolerance,
          predLabels, done -> p.step());
    }
  }

  @Override
  public Integer call() throws IOException {
    SegmentationReport r = run(pred, gt, dataArgs.options(), tolerance, LabelEncoding.parse(predLabels));
    PrintWriter o = spec.commandLine().getOut();
    o.print(r.toTable());
    if (out != null) {
      byte[] json = r.toJson().getBytes(StandardCharsets.UTF_8);
      FormatUtil.writeAtomically(out, s -> s.write(json));
      o.println("wrote " + out);
    }
    o.flush();
    return 0;
  }
}
