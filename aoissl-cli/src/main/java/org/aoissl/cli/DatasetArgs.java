package org.aoissl.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aoissl.data.ClassSet;
import org.aoissl.data.DatasetOptions;
import org.aoissl.data.LabelEncoding;
import org.aoissl.data.SkippedInput;
import org.aoissl.io.BadInputException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options shared by every command that reads a dataset. */
public final class DatasetArgs {
  /** Files named in a warning, per reason. */
  private static final int NAMES_SHOWN = 3;

  @Option(names = "--layout", description = "Dataset layout: aoi-ssl, bitmask, plain, coco, via (default: detect).")
  String layout;

  @Option(names = "--classes", description = "Comma-separated class names (default: dataset.json, else wire,ball,wedge,epoxy).")
  String classes;

  @Option(names = "--labels", description = "Label encoding: ids or bits (default: by layout).")
  String labels;

  @Option(names = "--class-map", split = ",", description = "Annotation class names to ours, e.g. bond_wire=wire,glue=epoxy,blur=ignore,text=skip.")
  Map<String, String> classMap = new LinkedHashMap<>();

  @Option(names = "--polyline-width", description = "Stroke width in pixels of VIA polylines (default: ${DEFAULT-VALUE}).", defaultValue = "3")
  double polylineWidth;

  @Option(names = "--strict", description = "Stop with an error when the dataset has inputs that would be skipped "
      + "(label without image, missing buffer, two files with one stem, ...) instead of warning and going on; "
      + "commands that need a clean dataset always stop.")
  boolean strict;

  @Spec(Spec.Target.MIXEE) CommandSpec command;

  DatasetOptions options() {
    return new DatasetOptions(
        layout,
        classes == null ? null : ClassSet.parse(classes),
        labels == null ? null : LabelEncoding.parse(labels),
        classMap,
        polylineWidth);
  }

  /**
   * Says what loading {@code dir} left out, so no input is dropped silently: with {@code --strict} the
   * first skipped input is bad input (exit code 2); otherwise one warning line on stderr counts them, names
   * a few per reason and points at {@code data check}.
   */
  void reportSkipped(Path dir, List<SkippedInput> skipped) throws BadInputException {
    if (skipped.isEmpty()) {
      return;
    }
    String check = "run 'aoissl data check " + abs(dir) + "'";
    if (strict) {
      SkippedInput first = skipped.get(0);
      throw new BadInputException(first.file(), first.detail() + (skipped.size() == 1 ? ""
          : " (and " + (skipped.size() - 1) + " more skipped inputs; " + check + ")"));
    }
    PrintWriter err = command.commandLine().getErr();
    err.println("warning: " + skipped.size() + (skipped.size() == 1 ? " input" : " inputs") + " skipped in "
        + abs(dir) + " (" + SkippedInput.summary(skipped, NAMES_SHOWN) + ") - " + check);
    err.flush();
  }

  static Path abs(Path p) {
    return p.toAbsolutePath().normalize();
  }
}
