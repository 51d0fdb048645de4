package org.aoissl.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aoissl.data.ClassSet;
import org.aoissl.data.DatasetOptions;
import org.aoissl.data.LabelEncoding;
import picocli.CommandLine.Option;

/** Options shared by every command that reads a dataset. */
public final class DatasetArgs {
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

  DatasetOptions options() {
    return new DatasetOptions(
        layout,
        classes == null ? null : ClassSet.parse(classes),
        labels == null ? null : LabelEncoding.parse(labels),
        classMap,
        polylineWidth);
  }

  static Path abs(Path p) {
    return p.toAbsolutePath().normalize();
  }
}
