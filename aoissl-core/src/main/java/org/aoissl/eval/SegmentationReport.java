package org.aoissl.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scores of a segmentation run: one {@link ClassScores} row per class, the multi-label confusion
 * matrix ({@link Confusion}: rows ground truth, columns prediction, last index "none") and each
 * image's per-class IoU. Undefined scores are NaN here and {@code null} in JSON.
 */
public record SegmentationReport(
    int images,
    int tolerance,
    List<ClassScores> classes,
    long[][] confusion,
    Map<String, double[]> perImageIou) {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public SegmentationReport {
    classes = List.copyOf(classes);
    perImageIou = Map.copyOf(perImageIou);
  }

  /** Mean over classes of each score (classes where it is NaN left out); counts summed over classes. */
  public ClassScores mean() {
    return new ClassScores("mean",
        mean(ClassScores::iou), mean(ClassScores::iouPerImage),
        mean(ClassScores::clDice), mean(ClassScores::clDicePerImage),
        mean(ClassScores::boundaryPrecision), mean(ClassScores::boundaryRecall),
        mean(ClassScores::boundaryF1),
        classes.stream().mapToLong(ClassScores::tp).sum(),
        classes.stream().mapToLong(ClassScores::fp).sum(),
        classes.stream().mapToLong(ClassScores::fn).sum());
  }

  private double mean(java.util.function.ToDoubleFunction<ClassScores> f) {
    return Metrics.nanMean(classes.stream().mapToDouble(f).toArray());
  }

  /** Mean pooled IoU over classes present somewhere. */
  public double miou() {
    return mean().iou();
  }

  /** Mean over classes of the per-image mean IoU. */
  public double perImageMiou() {
    return mean().iouPerImage();
  }

  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("images", images);
    root.put("boundaryTolerancePx", tolerance);
    root.put("pooled", "intersection and union summed over all " + images + " images");
    root.put("perImage", "mean over the images where the class occurs in prediction or ground truth");
    ObjectNode miou = root.putObject("miou");
    number(miou, "pooled", miou());
    number(miou, "perImage", perImageMiou());
    ArrayNode rows = root.putArray("classes");
    classes.forEach(c -> scores(rows.addObject(), c));
    scores(root.putObject("mean"), mean());
    ObjectNode conf = root.putObject("confusion");
    conf.put("rows", "ground truth");
    conf.put("columns", "prediction");
    ArrayNode labels = conf.putArray("labels");
    classes.forEach(c -> labels.add(c.name()));
    labels.add("none");
    ArrayNode counts = conf.putArray("counts");
    for (long[] row : confusion) {
      ArrayNode r = counts.addArray();
      for (long v : row) {
        r.add(v);
      }
    }
    ArrayNode per = root.putArray("perImageIou");
    perImageIou.keySet().stream().sorted().forEach(id -> {
      ObjectNode o = per.addObject();
      o.put("id", id);
      double[] v = perImageIou.get(id);
      for (int k = 0; k < v.length; k++) {
        number(o, classes.get(k).name(), v[k]);
      }
    });
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void scores(ObjectNode o, ClassScores c) {
    o.put("name", c.name());
    number(o, "iou", c.iou());
    number(o, "iouPerImage", c.iouPerImage());
    number(o, "clDice", c.clDice());
    number(o, "clDicePerImage", c.clDicePerImage());
    number(o, "boundaryPrecision", c.boundaryPrecision());
    number(o, "boundaryRecall", c.boundaryRecall());
    number(o, "boundaryF1", c.boundaryF1());
    o.put("tp", c.tp());
    o.put("fp", c.fp());
    o.put("fn", c.fn());
  }

  private static void number(ObjectNode o, String name, double v) {
    if (Double.isNaN(v)) {
      o.putNull(name);
    } else {
      o.put(name, v);
    }
  }

  /** A fixed-width console table of the scores, then the confusion matrix. */
  public String toTable() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT,
        "Segmentation of %d images (pooled = intersection and union summed over all %d images; "
            + "per-image mean = over images where the class occurs; boundary tolerance %d px)%n",
        images, images, tolerance));
    String[] heads = {"IoU (pooled)", "IoU (per-image mean)", "clDice", "boundary F1"};
    int nameWidth = "class".length();
    for (ClassScores c : classes) {
      nameWidth = Math.max(nameWidth, c.name().length());
    }
    sb.append(pad("class", nameWidth, false));
    for (String h : heads) {
      sb.append("  ").append(h);
    }
    sb.append(System.lineSeparator());
    List<ClassScores> rows = new ArrayList<>(classes);
    rows.add(mean());
    for (ClassScores c : rows) {
      double[] v = {c.iou(), c.iouPerImage(), c.clDice(), c.boundaryF1()};
      sb.append(pad(c.name(), nameWidth, false));
      for (int i = 0; i < v.length; i++) {
        String s = Double.isNaN(v[i]) ? "-" : String.format(Locale.ROOT, "%.4f", v[i]);
        sb.append("  ").append(pad(s, heads[i].length(), true));
      }
      sb.append(System.lineSeparator());
    }
    sb.append(System.lineSeparator());
    appendConfusion(sb);
    return sb.toString();
  }

  private void appendConfusion(StringBuilder sb) {
    sb.append("Pixel confusion (rows = ground truth, columns = prediction; a multi-label pixel counts "
        + "in every pair of its classes)").append(System.lineSeparator());
    List<String> labels = new ArrayList<>();
    classes.forEach(c -> labels.add(c.name()));
    labels.add("none");
    String corner = "gt \\ pred";
    int first = corner.length();
    int width = 0;
    for (String l : labels) {
      first = Math.max(first, l.length());
      width = Math.max(width, l.length());
    }
    for (long[] row : confusion) {
      for (long v : row) {
        width = Math.max(width, Long.toString(v).length());
      }
    }
    sb.append(pad(corner, first, false));
    for (String l : labels) {
      sb.append("  ").append(pad(l, width, true));
    }
    sb.append(System.lineSeparator());
    for (int r = 0; r < confusion.length; r++) {
      sb.append(pad(labels.get(r), first, false));
      for (long v : confusion[r]) {
        sb.append("  ").append(pad(Long.toString(v), width, true));
      }
      sb.append(System.lineSeparator());
    }
  }

  private static String pad(String s, int width, boolean right) {
    if (s.length() >= width) {
      return s;
    }
    String fill = " ".repeat(width - s.length());
    return right ? fill + s : s + fill;
  }
}
