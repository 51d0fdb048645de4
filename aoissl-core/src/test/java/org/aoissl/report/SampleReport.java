package org.aoissl.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Mask;
import org.aoissl.synth.DeviceSpec;
import org.aoissl.synth.SceneGenerator;
import org.aoissl.synth.Shift;
import org.aoissl.synth.SynthSample;

/**
 * A report with every section kind and made-up numbers, for tests and for looking at the page.
 * Usage: {@code SampleReport OUT.html [images]}.
 */
final class SampleReport {
  static final String[] METHODS = {"supervised", "MAE", "DINO", "iBOT"};
  static final double[][] IOU = {
    {0.612, 0.801, 0.554, 0.903},
    {0.688, 0.842, 0.601, 0.917},
    {0.671, 0.835, 0.623, 0.911},
    {0.702, 0.829, 0.598, 0.925},
  };

  private SampleReport() {}

  static Report build(int images, int size) {
    List<String> classes = ClassSet.DEFAULT.names();
    List<Section> sections = new ArrayList<>();
    sections.add(Facts.of("Setup", "dataset", "synthetic aoi-t, 4 devices, 512×512, 2 buffers",
        "split", "train 2,000 / val 200 / test 200", "encoder", "ViT-T/16, 5.5 M parameters"));

    List<Column> cols = new ArrayList<>(List.of(Column.of("method")));
    classes.forEach(c -> cols.add(Column.higherBetter(c + " IoU", 3)));
    cols.add(Column.higherBetter("mIoU", 3));
    cols.add(Column.lowerBetter("train time [min]", 1));
    List<List<Cell>> rows = new ArrayList<>();
    for (int m = 0; m < METHODS.length; m++) {
      List<Object> row = new ArrayList<>(List.of(METHODS[m]));
      for (double v : IOU[m]) {
        row.add(v);
      }
      row.add(mean(IOU[m]));
      row.add(m == 0 ? Double.NaN : 41.5 + 17.25 * m);
      rows.add(Cell.row(row.toArray()));
    }
    sections.add(new Table("Segmentation on the test split", "Pooled IoU over 200 test images; "
        + "best per column in bold. Training time excludes pre-training.", cols, rows));

    List<String> groups = new ArrayList<>(classes);
    groups.add("mean");
    List<BarSeries> bars = new ArrayList<>();
    for (int m = 0; m < METHODS.length; m++) {
      double[] v = new double[groups.size()];
      System.arraycopy(IOU[m], 0, v, 0, IOU[m].length);
      v[classes.size()] = mean(IOU[m]);
      bars.add(new BarSeries(METHODS[m], v));
    }
    sections.add(BarChart.unit("Per-class IoU",
        "One bar per method; hover a bar for its exact value.", "IoU", groups, bars));

    Random rnd = new Random(7);
    List<LineSeries> curves = new ArrayList<>();
    for (int m = 1; m < METHODS.length; m++) {
      int n = 6000;
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        y[i] = (0.15 + 0.1 * m) + 2.5 * Math.exp(-i / (400.0 * m)) + 0.04 * rnd.nextGaussian()
            + (i == 3000 + 400 * m ? 1.2 : 0);
      }
      curves.add(LineSeries.ofSteps(METHODS[m] + " pre-training loss", y));
    }
    sections.add(LineChart.of("Pre-training loss", "6,000 steps per method, drawn decimated "
        + "(each run of points keeps its lowest and highest).", "step", "loss", curves).withLogY());

    sections.add(sampleImages(classes, images, size));
    sections.add(new Notes("Notes",
        "These numbers are made up for a visual check of the report.\n\n"
        + "Text is escaped: <script>alert(1)</script> & \"quotes\" stay text."));
    return new Report("AOI-SSL experiment report", "Self-supervised pre-training vs. supervised "
        + "baseline on wire-bonded packages", Fact.list("machine", "2 cores, 7.6 GiB, no GPU",
        "date", "2025-06-01 14:02", "command", "aoissl experiment --data data/aoi-t --budget 2h "
        + "--methods mae,dino,ibot --out runs/exp1", "budget", "2 h wall clock, 1 h 47 min used"),
        sections);
  }

  static ImageGrid sampleImages(List<String> classes, int images, int size) {
    SceneGenerator gen = new SceneGenerator();
    List<ImageRow> rows = new ArrayList<>();
    for (int i = 0; i < images; i++) {
      SynthSample s = gen.render(DeviceSpec.sample("dev-" + i, 3 + i, size), i, Shift.NONE, 8);
      Mask pred = corrupt(s.mask(), new Random(i));
      rows.add(ReportImages.sampleRow(s.id(), s.image(), s.mask(), pred,
          ReportImages.DEFAULT_MAX_SIDE));
    }
    List<LegendEntry> legend = new ArrayList<>(ReportImages.classLegend(classes));
    legend.addAll(ReportImages.errorLegend());
    String caption = "Buffers contrast-stretched (1st–99th percentile); masks and errors shrunk 2×; "
        + "thin structures and errors are kept (a block with any error shows it).";
    return ImageGrid.of("Test images", caption, rows).withLegend(legend);
  }

  /**
   * A plausible prediction: the truth shifted by a pixel, wires in the top fifth called balls, a
   * missed and a spurious blob.
   */
  static Mask corrupt(Mask truth, Random rnd) {
    Mask p = new Mask(truth.numClasses(), truth.height(), truth.width());
    int h = truth.height();
    int w = truth.width();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int bits = truth.classBits(y, Math.max(0, x - 1));
        p.setClassBits(y, x, y < h / 5 && bits == 1 ? 2 : bits);
      }
    }
    int cy = rnd.nextInt(h / 2) + h / 4;
    int cx = rnd.nextInt(w / 2) + w / 4;
    for (int y = cy; y < Math.min(h, cy + h / 10); y++) {
      for (int x = cx; x < Math.min(w, cx + w / 10); x++) {
        p.setClassBits(y, x, 0);
        p.set(0, Math.min(h - 1, y + h / 6), x, true);
        if (x % 7 == 0) {
          p.setClassBits(y, x, 1 << 3);
        }
      }
    }
    return p;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "report-sample.html");
    int images = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    HtmlReport.write(build(images, 512), out);
    System.out.println(out.toAbsolutePath() + " " + java.nio.file.Files.size(out) + " bytes");
  }
}
