package org.aoissl.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Example;
import org.aoissl.data.Mask;
import org.aoissl.pretrain.mae.Reconstructions;
import org.aoissl.report.BarChart;
import org.aoissl.report.BarSeries;
import org.aoissl.report.Cell;
import org.aoissl.report.Column;
import org.aoissl.report.Fact;
import org.aoissl.report.ImageGrid;
import org.aoissl.report.ImageRow;
import org.aoissl.report.LineChart;
import org.aoissl.report.LineSeries;
import org.aoissl.report.Notes;
import org.aoissl.report.Report;
import org.aoissl.report.ReportImage;
import org.aoissl.report.ReportImages;
import org.aoissl.report.Section;
import org.aoissl.report.Table;

/** The HTML report of an experiment or demo: its tables, charts, curves, test images and reconstructions. */
public final class ExperimentReport {
  private ExperimentReport() {}

  public static Report build(Experiment.Outcome o, String title, String command) throws IOException {
    return build(o, title, command, List.of());
  }

  /** The report with {@code more} sections after the new-device table (e.g. {@link TransferReport}'s). */
  public static Report build(Experiment.Outcome o, String title, String command, List<Section> more)
      throws IOException {
    ExperimentResults r = o.results();
    ExperimentConfig c = r.config();
    List<Section> s = new ArrayList<>();
    s.add(new Notes("Findings", Findings.text(r)));
    s.add(methodTable(r));
    s.add(bars("Retrieval: per-class IoU by pre-training", r, true));
    s.add(bars("Fine-tuning: per-class IoU by initialisation", r, false));
    s.add(aggregatorTable(r));
    if (!r.adaptation().isEmpty()) {
      s.add(adaptationTable(r));
    }
    s.addAll(more);
    s.add(curves("Pre-training loss", r, "pretrain "));
    s.add(curves("Fine-tuning loss", r, "finetune "));
    s.add(gallery(o));
    Path mae = o.checkpoints().get("mae");
    if (mae != null && !o.gallery().isEmpty()) {
      List<AoiImage> images = o.gallery().stream().map(Example::image).toList();
      s.add(ImageGrid.of("MAE reconstructions", "Per row one test image; per channel the input, the kept "
          + "patches and the reconstruction of the masked ones (mask ratio of the run).", List.of(new ImageRow("",
              List.of(ReportImage.of(Reconstructions.render(mae, images, c.seed()), "input / kept / reconstruction")))))
          .withDisplayPx(1000));
    }
    s.add(stageTable(r));
    List<Fact> facts = Fact.list("machine", r.machine(), "started", r.date(), "command", command, "budgets",
        String.format(Locale.ROOT, "pre-training %.1f min per method, fine-tuning %.1f min per run", c.pretrainMinutes(),
            c.finetuneMinutes()), "support", c.supportShots() + " labeled images of " + c.device());
    return new Report(title, "Self-supervised pre-training, patch retrieval and fine-tuning on wire-bonded packages",
        facts, s);
  }

  private static Section methodTable(ExperimentResults r) {
    List<Column> cols = new ArrayList<>(List.of(Column.of("encoder"), Column.number("pre-train steps", 0),
        Column.number("img/s", 1), Column.higherBetter("retrieval mIoU", 3), Column.higherBetter("fine-tune mIoU", 3),
        Column.number("fine-tune steps", 0)));
    List<List<Cell>> rows = new ArrayList<>();
    for (ExperimentResults.MethodRow m : r.methods()) {
      rows.add(Cell.row(m.method(), (double) m.pretrainSteps(), nan(m.pretrainImagesPerSec()), m.retrieval().miou(),
          m.finetune().miou(), (double) m.finetuneSteps()));
    }
    if (r.unet() != null) {
      rows.add(Cell.row("U-Net", null, null, null, r.unet().finetune().miou(), (double) r.unet().steps()));
    }
    return new Table("Pre-training method × downstream", "Same pre-training budget per method; IoU pooled over the "
        + "test images of " + r.config().device() + ". Scratch is a randomly initialised encoder; U-Net is the "
        + "convolutional baseline a plant would train instead, on the same images for the same minutes.", cols, rows);
  }

  private static Section bars(String title, ExperimentResults r, boolean retrieval) {
    List<String> groups = new ArrayList<>(r.classes());
    groups.add("mean");
    List<BarSeries> series = new ArrayList<>();
    for (ExperimentResults.MethodRow m : r.methods()) {
      Scores sc = retrieval ? m.retrieval() : m.finetune();
      double[] v = new double[groups.size()];
      for (int i = 0; i < r.classes().size(); i++) {
        v[i] = sc.iou().get(r.classes().get(i));
      }
      v[v.length - 1] = sc.miou();
      series.add(new BarSeries(m.method(), v));
    }
    if (!retrieval && r.unet() != null) {
      double[] v = new double[groups.size()];
      for (int i = 0; i < r.classes().size(); i++) {
        v[i] = r.unet().finetune().iou().get(r.classes().get(i));
      }
      v[v.length - 1] = r.unet().finetune().miou();
      series.add(new BarSeries("U-Net", v));
    }
    return BarChart.unit(title, "Pooled IoU per class.", "IoU", groups, series);
  }

  private static Section aggregatorTable(ExperimentResults r) {
    List<Column> cols = new ArrayList<>(List.of(Column.number("shots", 0), Column.of("setting"),
        Column.higherBetter("mIoU", 3)));
    r.classes().forEach(k -> cols.add(Column.higherBetter(k, 3)));
    cols.add(Column.higherBetter(r.classes().get(0) + " clDice", 3));
    cols.add(Column.lowerBetter("ms/image", 0));
    List<List<Cell>> rows = new ArrayList<>();
    for (ExperimentResults.AggregatorRow a : r.aggregators()) {
      List<Object> v = new ArrayList<>(List.of((double) a.shots(), a.setting(), a.scores().miou()));
      r.classes().forEach(k -> v.add(a.scores().iou().get(k)));
      v.add(a.scores().clDice());
      v.add(a.scores().msPerImage());
      rows.add(Cell.row(v.toArray()));
    }
    return new Table("Retrieval aggregator × support images", "Encoder: " + r.config().methods().get(0) + "; settings "
        + "tuned by 3-fold cross-validation on the support set (defaults with one image).", cols, rows);
  }

  private static Section adaptationTable(ExperimentResults r) {
    List<Column> cols = List.of(Column.number("images added", 0), Column.higherBetter("retrieval mIoU", 3),
        Column.lowerBetter("add time (s)", 2), Column.higherBetter("fine-tune mIoU", 3),
        Column.lowerBetter("fine-tune time (s)", 0), Column.higherBetter("U-Net mIoU", 3));
    List<List<Cell>> rows = new ArrayList<>();
    for (ExperimentResults.AdaptRow a : r.adaptation()) {
      rows.add(Cell.row((double) a.added(), a.retrieval().miou(), a.added() == 0 ? null : a.addSeconds(),
          a.finetune().miou(), nan(a.finetuneSeconds()), a.unet() == null ? null : a.unet().miou()));
    }
    return new Table("New device " + r.config().newDevice(), "Labeled images of the new device added to the bank of "
        + r.config().device() + ", against fine-tuning the ViT and training the U-Net on the same images; row 0 is "
        + r.config().device()
        + " alone.", cols, rows);
  }

  private static Section curves(String title, ExperimentResults r, String prefix) {
    List<LineSeries> series = new ArrayList<>();
    for (Map.Entry<String, List<double[]>> e : r.curves().entrySet()) {
      if (e.getKey().startsWith(prefix) && !e.getValue().isEmpty()) {
        double[] x = e.getValue().stream().mapToDouble(p -> p[0]).toArray();
        double[] y = e.getValue().stream().mapToDouble(p -> p[1]).toArray();
        series.add(new LineSeries(e.getKey().substring(prefix.length()), x, y));
      }
    }
    if (series.isEmpty()) {
      return new Notes(title, "No training ran.");
    }
    return LineChart.of(title, "Loss per optimizer step.", "step", "loss", series).withLogY();
  }

  private static Section gallery(Experiment.Outcome o) {
    List<ImageRow> rows = new ArrayList<>();
    int side = ReportImages.DEFAULT_MAX_SIDE;
    for (int i = 0; i < o.gallery().size(); i++) {
      Example e = o.gallery().get(i);
      List<ReportImage> imgs = new ArrayList<>(List.of(ReportImages.channel(e.image(), 0, "buffer 0", side)));
      if (e.image().channels() > 1) {
        imgs.add(ReportImages.channel(e.image(), 1, "buffer 1", side));
      }
      imgs.add(ReportImages.mask(e.mask(), "ground truth", side));
      for (Map.Entry<String, List<Mask>> p : o.predictions().entrySet()) {
        if (p.getKey().endsWith(" scratch") || i >= p.getValue().size()) {
          continue;
        }
        imgs.add(ReportImages.errors(e.image(), 0, e.mask(), p.getValue().get(i), p.getKey() + ": errors", side));
      }
      rows.add(new ImageRow(e.sample().id(), imgs));
    }
    List<org.aoissl.report.LegendEntry> legend = new ArrayList<>(ReportImages.classLegend(
        o.results().classes()));
    legend.addAll(ReportImages.errorLegend());
    return ImageGrid.of("Test images", "Each channel, the ground truth, and the errors of each pre-trained encoder's "
        + "retrieval and fine-tuning (scratch left out).", rows).withLegend(legend);
  }

  private static Section stageTable(ExperimentResults r) {
    List<List<Cell>> rows = new ArrayList<>();
    double total = 0;
    for (ExperimentResults.Stage st : r.stages()) {
      rows.add(Cell.row(st.name(), st.seconds()));
      total += st.seconds();
    }
    rows.add(Cell.row("total", total));
    return new Table("Wall-clock per stage", "Seconds on this machine.", List.of(Column.of("stage"),
        Column.number("seconds", 1)), rows);
  }

  private static Double nan(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
