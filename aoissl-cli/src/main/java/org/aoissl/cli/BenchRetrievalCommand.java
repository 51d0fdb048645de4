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
import org.aoissl.retrieval.BankEncoder;
import org.aoissl.bench.ClusteredKeys;
import org.aoissl.bench.Machine;
import org.aoissl.bench.RetrievalBench;
import org.aoissl.inspect.Inspector;
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
 * {@code aoissl bench retrieval}: what retrieval adds to the encoder's time per image, for exact, HNSW,
 * PCA and inverted-file search at the paper's bank size, the mIoU each costs on a real bank, search cost
 * against bank size, and the speed goals. Markdown on stdout.
 */
@Command(name = "retrieval", mixinStandardHelpOptions = true,
    description = "Retrieval time per image against the encoder's (exact, HNSW, PCA, inverted file), mIoU per search "
        + "variant on a real bank, search cost vs bank size, and the speed goals with what the run measured. "
        + "Markdown on stdout.")
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
      + "for the cost table; 4000000 needs AOISSL_JAVA_OPTS=-Xmx15g, about 23 GB of memory and ten minutes "
      + "(default: ${DEFAULT-VALUE}).")
  long[] sizes;

  @Option(names = "--hnsw-max-size", defaultValue = "100000", description = "Largest bank at which HNSW is built "
      + "and timed too (about a millisecond per key on one thread) (default: ${DEFAULT-VALUE}).")
  long hnswMaxSize;

  /** The default search variant whose numbers the goal table reports. */
  private static final String IVF_DEFAULT = "ivf, default cells and probes";

  private double[] ivfAtBankSize; // build s, search / encoder, recall
  private double ivfMiouDelta = Double.NaN;

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
    o.printf("## Retrieval cost, `aoissl bench retrieval` (%s)%n%nmachine: %s; load average %s; inverted-file "
        + "score kernel: %s%n%n", Instant.now(), Machine.current(), Machine.loadAverage(), IvfIndex.scoreKernel());
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
    List<RetrievalBench.Row> rows = RetrievalBench.costVsSize(dim, 1024, k, sizes, 7,
        HnswParams.DEFAULT.withEfSearch(ef), hnswMaxSize, line -> {
          o.println(line);
          o.flush();
        });
    o.println("```");
    growthTable(o, rows, encodeSeconds * 1024 / queries);
    goalTable(o, rows);
    o.flush();
    return 0;
  }

  /** The inverted file's cost per size, against the encoder and against the size of the time-ratio table. */
  private void growthTable(PrintWriter o, List<RetrievalBench.Row> rows, double encoderPer1024) {
    RetrievalBench.Row base = baseRow(rows);
    int batch = Inspector.IVF_IMAGES_PER_SEARCH;
    o.printf("%n| keys | exact s | ivf cells | ivf probes | ivf build s | ivf s | ivf / encoder | recall@%d "
        + "| ivf time vs %,d keys | ivf s, %d images per search | ivf time vs %,d keys, %d images per search |%n", k, base.size(), batch,
        base.size(), batch);
    o.println("|---|---|---|---|---|---|---|---|---|---|---|");
    for (RetrievalBench.Row r : rows) {
      o.printf(Locale.ROOT, "| %,d | %.3f | %d | %d | %.1f | %.3f | %.2f | %.4f | %.2f× | %.3f | %.2f× |%n", r.size(),
          r.exactSeconds(), r.ivfCells(), r.ivfProbes(), r.ivfBuildSeconds(), r.ivfSeconds(),
          r.ivfSeconds() / encoderPer1024, r.ivfRecall(), r.ivfSeconds() / base.ivfSeconds(), r.ivfBatchSeconds(),
          r.ivfBatchSeconds() / base.ivfBatchSeconds());
    }
  }

  /** The row at the time-ratio table's bank size, else the first. */
  private RetrievalBench.Row baseRow(List<RetrievalBench.Row> rows) {
    return rows.stream().filter(r -> r.size() == bankSize).findFirst().orElse(rows.get(0));
  }

  /** The speed goals, each with what this run measured for the default inverted file. */
  private void goalTable(PrintWriter o, List<RetrievalBench.Row> rows) {
    RetrievalBench.Row base = baseRow(rows);
    RetrievalBench.Row last = rows.get(rows.size() - 1);
    o.printf("%n### Goals (%s)%n%n| metric | goal | measured |%n|---|---|---|%n", IVF_DEFAULT);
    if (ivfAtBankSize != null) {
      o.printf(Locale.ROOT, "| search / encoder time per %d² image at %,d keys, recall@%d ≥ 0.95 | ≤ 0.3 | %.2f "
          + "(recall %.3f) |%n", imageSize, bankSize, k, ivfAtBankSize[1], ivfAtBankSize[2]);
    }
    o.printf(Locale.ROOT, "| mIoU on a real bank, approximate vs exact | within 0.5 points | %s |%n",
        Double.isNaN(ivfMiouDelta) ? "not run (--bank, --test)" : String.format(Locale.ROOT, "%+.2f points",
            100 * ivfMiouDelta));
    if (base.size() == bankSize && last.size() > base.size()) {
      o.printf(Locale.ROOT, "| search time growth %,d → %,d keys | ≤ 3× | %.2f× (%.2f× with %d images per search) "
          + "|%n", base.size(), last.size(), last.ivfSeconds() / base.ivfSeconds(),
          last.ivfBatchSeconds() / base.ivfBatchSeconds(), Inspector.IVF_IMAGES_PER_SEARCH);
    } else {
      o.printf(Locale.ROOT, "| search time growth from %,d keys | ≤ 3× | not run (--sizes from %d up) |%n", bankSize,
          bankSize);
    }
    if (ivfAtBankSize != null) {
      o.printf(Locale.ROOT, "| index build for %,d keys on %d cores | ≤ 60 s | %.1f s |%n", bankSize,
          Runtime.getRuntime().availableProcessors(), ivfAtBankSize[0]);
    }
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

  /** The search variants for a bank of {@code size} keys (HNSW only up to {@code --hnsw-max-size}). */
  private List<Variant> variants(long size) {
    List<Variant> v = new ArrayList<>();
    v.add(new Variant("exact", ExactIndex::new));
    if (size <= hnswMaxSize) {
      v.add(new Variant("hnsw m16 ef" + ef, (keys, n, d) ->
          HnswIndex.build(keys, n, d, HnswParams.DEFAULT.withEfSearch(ef))));
    }
    v.add(new Variant("pca " + pca + " + exact", (keys, n, d) -> ProjectedIndex.fit(keys, n, d, pca, 0)));
    v.add(new Variant("ivf default cells, 4 probes", (keys, n, d) ->
        IvfIndex.build(keys, n, d, IvfIndex.defaultCells(n), 5, 4, 0)));
    v.add(new Variant(IVF_DEFAULT, (keys, n, d) ->
        IvfIndex.build(keys, n, d, IvfIndex.defaultCells(n), 5, IvfIndex.defaultProbes(IvfIndex.defaultCells(n)), 0)));
    return v;
  }

  /** Search time per image at the aim's bank size, as a fraction of the encoder's time. */
  private void timeRatios(PrintWriter o, int dim, int queries, double encodeSeconds) {
    ClusteredKeys gen = new ClusteredKeys(dim, 3);
    float[] keys = gen.sample(bankSize, 4);
    float[] q = gen.sample(queries, 5);
    o.printf("### One image's %d patch queries against %,d synthetic clustered keys (dim %d, k %d)%n%n", queries,
        bankSize, dim, k);
    if (bankSize > hnswMaxSize) { // said before the table: a line inside it would end it
      o.printf("(HNSW left out: %,d keys is above --hnsw-max-size)%n%n", bankSize);
    }
    o.println("| search | build s | search s per image | search / encoder | recall@" + k + " vs exact |");
    o.println("|---|---|---|---|---|");
    Neighbors truth = null;
    for (Variant v : variants(bankSize)) {
      long t0 = System.nanoTime();
      try (NeighborIndex index = v.maker().make(keys, bankSize, dim)) {
        double build = (System.nanoTime() - t0) / 1e9;
        Neighbors found = index.search(q, queries, k);
        if (truth == null) {
          truth = found;
        }
        double s = RetrievalBench.best(() -> index.search(q, queries, k));
        double recall = Recall.atK(found, truth);
        o.printf(Locale.ROOT, "| %s | %.1f | %.3f | %.2f | %.4f |%n", v.name(), build, s, s / encodeSeconds, recall);
        if (v.name().equals(IVF_DEFAULT)) {
          ivfAtBankSize = new double[] {build, s / encodeSeconds, recall};
        }
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
    List<Variant> vs = new ArrayList<>(variants(b.size()));
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
          if (v.name().equals(IVF_DEFAULT)) {
            ivfMiouDelta = miou - exactMiou;
          }
          double n = t.examples().size() * 1e6;
          o.printf(Locale.ROOT, "| %s | %.1f | %.4f | %+.4f | %.0f + %.0f + %.0f | %.2f |%n", v.name(), build, miou,
              miou - exactMiou, time[0] / n, time[1] / n, time[2] / n, (double) time[1] / time[0]);
          o.flush();
        }
      }
    }
  }
}
