package org.aoissl.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.aoissl.retrieval.BankEncoder;
import org.aoissl.bench.ClusteredKeys;
import org.aoissl.bench.Machine;
import org.aoissl.bench.RetrievalBench;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Normalization;
import org.aoissl.eval.SegmentationMeter;
import org.aoissl.model.VisionTransformer;
import org.aoissl.model.VitConfig;
import org.aoissl.retrieval.BankFile;
import org.aoissl.retrieval.Coreset;
import org.aoissl.retrieval.EncoderId;
import org.aoissl.retrieval.ExactIndex;
import org.aoissl.retrieval.HnswIndex;
import org.aoissl.retrieval.HnswParams;
import org.aoissl.retrieval.IvfIndex;
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.NeighborIndex;
import org.aoissl.retrieval.Neighbors;
import org.aoissl.retrieval.PatchEncoder;
import org.aoissl.retrieval.ProjectedIndex;
import org.aoissl.retrieval.Recall;
import org.aoissl.retrieval.SegmentOptions;
import org.aoissl.retrieval.Segmenter;
import org.aoissl.retrieval.SubsetIndex;
import org.aoissl.data.LabeledSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code aoissl bench retrieval}: what retrieval adds to the encoder's time per image, for exact, HNSW
 * and PCA search at the paper's bank size, the mIoU each costs on a real bank, and search cost against
 * bank size. Markdown on stdout.
 */
@Command(name = "retrieval", mixinStandardHelpOptions = true,
    description = "Retrieval time per image against the encoder's (exact, HNSW, PCA), mIoU per search variant on a "
        + "real bank, and search cost vs bank size. Markdown on stdout.")
public final class BenchRetrievalCommand implements java.util.concurrent.Callable<Integer> {
  @Option(names = "--ckpt", description = "Encoder checkpoint (default: a randomly initialised aoi-t; the time "
      + "does not depend on the weights).")
  Path ckpt;

  @Option(names = "--image-size", defaultValue = "512", description = "Query image side (default: ${DEFAULT-VALUE}).")
  int imageSize;

  @Option(names = "--bank-size", defaultValue = "409600", description = "Entries of the synthetic bank for the "
      + "time ratio; the paper's 400 images x 1,024 patches (default: ${DEFAULT-VALUE}).")
  int bankSize;

  @Option(names = "--k", defaultValue = "10", description = "Neighbours (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--ef", defaultValue = "64", description = "HNSW search beam (default: ${DEFAULT-VALUE}).")
  int ef;

  @Option(names = "--pca", defaultValue = "64", description = "PCA dimensions (default: ${DEFAULT-VALUE}).")
  int pca;

  @Option(names = "--coreset", defaultValue = "0.1", description = "Coreset fraction, real bank only "
      + "(default: ${DEFAULT-VALUE}).")
  double coreset;

  @Option(names = "--bank", description = "A real bank; with --test, mIoU of each search variant.")
  Path bank;

  @Option(names = "--test", paramLabel = "DIR", description = "Labeled test images for --bank.")
  Path test;

  @Option(names = "--sizes", split = ",", defaultValue = "10000,100000,409600,1000000", description = "Bank sizes "
      + "for the cost table (default: ${DEFAULT-VALUE}).")
  long[] sizes;

  @Mixin DatasetArgs dataArgs;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** A search variant: a label and how to build its index over keys [n, dim]. */
  private record Variant(String name, IndexMaker maker) {}

  @FunctionalInterface
  private interface IndexMaker {
    NeighborIndex make(float[] keys, int n, int dim);
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter o = spec.commandLine().getOut();
    o.printf("## Retrieval cost, `aoissl bench retrieval` (%s)%n%nmachine: %s; load average %s%n%n", Instant.now(),
        Machine.current(), Machine.loadAverage());
    double encodeSeconds;
    int dim;
    int queries;
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager();
        PatchEncoder enc = encoder(m)) {
      dim = enc.dim();
      AoiImage img = noise(enc.id().channels(), imageSize);
      enc.encode(img);
      double[] t = new double[5];
      for (int i = 0; i < t.length; i++) {
        long t0 = System.nanoTime();
        enc.encode(img);
        t[i] = (System.nanoTime() - t0) / 1e9;
      }
      Arrays.sort(t);
      encodeSeconds = t[t.length / 2];
      int grid = imageSize / enc.patchSize();
      queries = grid * grid;
      o.printf("encoder %s at %dx%d (%d patches): %.3f s per image (median of 5)%n%n", enc.id().describe(),
          imageSize, imageSize, queries, encodeSeconds);
    }
    timeRatios(o, dim, queries, encodeSeconds);
    if (bank != null && test != null) {
      quality(o);
    }
    o.printf("%n### Search cost vs bank size (clustered synthetic keys, dim %d, 1,024 queries, k %d)%n%n```%n", dim, k);
    o.flush();
    RetrievalBench.costVsSize(dim, 1024, k, sizes, 7, HnswParams.DEFAULT, new int[] {ef},
        line -> {
          o.println(line);
          o.flush();
        });
    o.println("```");
    o.flush();
    return 0;
  }

  private PatchEncoder encoder(NDManager m) throws IOException {
    if (ckpt != null) {
      return PatchEncoder.open(DatasetArgs.abs(ckpt));
    }
    VitConfig cfg = VitConfig.preset("aoi-t", 224, 2);
    VisionTransformer vit = VisionTransformer.create(cfg, m, 0);
    Normalization norm = new Normalization(new float[] {0.5f, 0.5f}, new float[] {0.25f, 0.25f});
    return new PatchEncoder(vit, norm, EncoderId.of("random-aoi-t", "00000000", cfg, norm, PatchEncoder.DEFAULT_TILE));
  }

  private static AoiImage noise(int channels, int size) {
    float[] d = new float[channels * size * size];
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) r.nextDouble();
    }
    return new AoiImage(channels, size, size, 8, d);
  }

  private List<Variant> variants() {
    List<Variant> v = new ArrayList<>();
    v.add(new Variant("exact", ExactIndex::new));
    v.add(new Variant("hnsw m16 ef" + ef, (keys, n, d) ->
        HnswIndex.build(keys, n, d, HnswParams.DEFAULT.withEfSearch(ef))));
    v.add(new Variant("pca " + pca + " + exact", (keys, n, d) -> ProjectedIndex.fit(keys, n, d, pca, 0)));
    for (int probes : new int[] {4, IvfIndex.DEFAULT_PROBES}) {
      v.add(new Variant("ivf √n/2 cells, " + probes + " probes", (keys, n, d) ->
          IvfIndex.build(keys, n, d, IvfIndex.defaultCells(n), 5, probes, 0)));
    }
    return v;
  }

  /** Search time per image at the aim's bank size, as a fraction of the encoder's time. */
  private void timeRatios(PrintWriter o, int dim, int queries, double encodeSeconds) {
    ClusteredKeys gen = new ClusteredKeys(dim, 3);
    float[] keys = gen.sample(bankSize, 4);
    float[] q = gen.sample(queries, 5);
    o.printf("### One image's %d patch queries against %,d synthetic clustered keys (dim %d, k %d)%n%n", queries,
        bankSize, dim, k);
    o.println("| search | build s | search s per image | search / encoder | recall@" + k + " vs exact |");
    o.println("|---|---|---|---|---|");
    Neighbors truth = null;
    for (Variant v : variants()) {
      long t0 = System.nanoTime();
      try (NeighborIndex index = v.maker().make(keys, bankSize, dim)) {
        double build = (System.nanoTime() - t0) / 1e9;
        Neighbors found = index.search(q, queries, k);
        if (truth == null) {
          truth = found;
        }
        double s = best(() -> index.search(q, queries, k));
        o.printf(Locale.ROOT, "| %s | %.1f | %.3f | %.2f | %.4f |%n", v.name(), build, s, s / encodeSeconds,
            Recall.atK(found, truth));
        o.flush();
      }
    }
  }

  /** mIoU and time per image of each search variant on a real bank and labeled test images. */
  private void quality(PrintWriter o) throws IOException {
    Path bankFile = DatasetArgs.abs(bank);
    MemoryBank b = BankFile.read(bankFile);
    LabeledSet t = LabeledSet.load(test, dataArgs.options(), null, 0);
    SegmentOptions opts = SegmentOptions.of(b.settings());
    o.printf("%n### On a real bank: %s (%,d entries, %s), %d test images%n%n", bankFile.getFileName(), b.size(),
        opts.label(), t.examples().size());
    o.println("| search | build s | mIoU (pooled) | Δ vs exact | ms/image encode + search + aggregate | search / encode |");
    o.println("|---|---|---|---|---|---|");
    List<Variant> vs = new ArrayList<>(variants());
    int target = Math.max(1, (int) Math.round(b.size() * coreset));
    vs.add(new Variant("coreset " + coreset + " + exact", (keys, n, d) ->
        new SubsetIndex(b, Coreset.greedy(keys, n, d, target, 0))));
    double exactMiou = Double.NaN;
    float[] keys = b.keys();
    try (PatchEncoder enc = BankEncoder.open(ckpt, b, bankFile)) {
      for (Variant v : vs) {
        long t0 = System.nanoTime();
        try (NeighborIndex index = v.maker().make(keys, b.size(), b.dim())) {
          double build = (System.nanoTime() - t0) / 1e9;
          Segmenter seg = new Segmenter(enc, b, index, opts);
          SegmentationMeter meter = new SegmentationMeter(b.classes(), 2);
          long[] time = new long[3];
          for (var e : t.examples()) {
            Segmenter.Prediction p = seg.segment(e.image());
            meter.add(e.sample().id(), p.mask(), e.mask());
            time[0] += p.timing().encode();
            time[1] += p.timing().search();
            time[2] += p.timing().aggregate();
          }
          double miou = meter.report().miou();
          if (Double.isNaN(exactMiou)) {
            exactMiou = miou;
          }
          double n = t.examples().size() * 1e6;
          o.printf(Locale.ROOT, "| %s | %.1f | %.4f | %+.4f | %.0f + %.0f + %.0f | %.2f |%n", v.name(), build, miou,
              miou - exactMiou, time[0] / n, time[1] / n, time[2] / n, (double) time[1] / time[0]);
          o.flush();
        }
      }
    }
  }

  private static double best(Supplier<Neighbors> run) {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 2; i++) {
      long t0 = System.nanoTime();
      run.get();
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
    }
    return best;
  }
}
