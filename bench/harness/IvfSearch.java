import java.util.Locale;
import org.aoissl.bench.ClusteredKeys;
import org.aoissl.retrieval.ExactIndex;
import org.aoissl.retrieval.IvfIndex;
import org.aoissl.retrieval.IvfLayout;
import org.aoissl.retrieval.Neighbors;
import org.aoissl.retrieval.Recall;

/**
 * Exact search against the inverted-file index on the retrieval benchmark's clustered keys: the cells' build
 * time (trained once, then searched at each probe count), search time per 1,024 queries (best of 3) and
 * recall@k per probe count; and, in the same run, a randomly initialised aoi-t encoding one 512² two-channel image (median of 5), so the search
 * time of one image's 1,024 patch queries is given as a fraction of the encoder's.
 * Usage: java --add-modules jdk.incubator.vector -cp "$CP" bench/harness/IvfSearch.java SIZE DIM CELLS PROBES[,PROBES...]
 * (without the module the inverted file is scored by the plain-Java kernel). Options: {@code -Drepeats=N}
 * searches timed (best reported; default 3, more lets the JIT finish); {@code -Dimages=1,8} also times one
 * search of several images' queries at once, reported per image (recall on the first image's queries);
 * {@code -Dexact=false} skips timing exact search (it still gives the true neighbours of 1,024 queries).
 */
public class IvfSearch {
  static final int REPEATS = Integer.getInteger("repeats", 3);

  public static void main(String[] a) {
    int n = Integer.parseInt(a[0]);
    int dim = Integer.parseInt(a[1]);
    int cells = Integer.parseInt(a[2]);
    String[] probeList = a[3].split(",");
    int queries = 1024;
    int k = 10;
    int[] images = java.util.Arrays.stream(System.getProperty("images", "1").split(",")).mapToInt(Integer::parseInt)
        .toArray();
    int most = java.util.Arrays.stream(images).max().orElseThrow();
    double encoder = encoderSeconds();
    System.out.printf(Locale.ROOT, "encoder (random aoi-t, 512x512, 2 channels): %.3f s per image%n", encoder);
    ClusteredKeys gen = new ClusteredKeys(dim, 1);
    float[] keys = gen.sample(n, 2);
    float[] q = gen.sample(queries * most, 3);
    Neighbors truth;
    double exact = Double.NaN;
    try (ExactIndex e = new ExactIndex(keys, n, dim)) {
      truth = e.search(q, queries, k);
      if (Boolean.parseBoolean(System.getProperty("exact", "true"))) {
        exact = best(() -> e.search(q, queries, k), 3);
      }
    }
    System.out.printf(Locale.ROOT, "size %,d dim %d: exact %.3f s per 1024 queries (%.2fx the encoder)%n", n, dim,
        exact, exact / encoder);
    long t0 = System.nanoTime();
    IvfLayout layout = IvfLayout.train(keys, n, dim, cells, 5, 4);
    System.out.printf(Locale.ROOT, "ivf cells %d: build %.1f s%n", layout.cells(), (System.nanoTime() - t0) / 1e9);
    for (String p : probeList) {
      int probes = Integer.parseInt(p);
      try (IvfIndex ivf = IvfIndex.open(keys, layout, probes)) {
        Neighbors got = ivf.search(q, queries, k);
        System.out.printf(Locale.ROOT, "ivf cells %d probes %d: recall@%d %.3f%n", ivf.cells(), probes, k,
            Recall.atK(got, truth));
        for (int b : images) {
          double s = best(() -> ivf.search(q, queries * b, k), REPEATS) / b;
          System.out.printf(Locale.ROOT, "  %d image(s) per search: %.3f s per image's 1024 queries (%.2fx exact, "
              + "%.2fx the encoder)%n", b, s, s / exact, s / encoder);
        }
      }
    }
  }

  static double encoderSeconds() {
    try (ai.djl.ndarray.NDManager m = ai.djl.engine.Engine.getEngine("PyTorch").newBaseManager()) {
      org.aoissl.model.VitConfig cfg = org.aoissl.model.VitConfig.preset("aoi-t", 224, 2);
      org.aoissl.data.Normalization norm = new org.aoissl.data.Normalization(new float[] {0.5f, 0.5f},
          new float[] {0.25f, 0.25f});
      org.aoissl.model.VisionTransformer vit = org.aoissl.model.VisionTransformer.create(cfg, m, 0);
      float[] d = new float[2 * 512 * 512];
      java.util.SplittableRandom r = new java.util.SplittableRandom(1);
      for (int i = 0; i < d.length; i++) {
        d[i] = (float) r.nextDouble();
      }
      org.aoissl.data.AoiImage img = new org.aoissl.data.AoiImage(2, 512, 512, 8, d);
      try (org.aoissl.retrieval.PatchEncoder enc = new org.aoissl.retrieval.PatchEncoder(vit, norm,
          org.aoissl.retrieval.EncoderId.of("random-aoi-t", "00000000", cfg, norm, 1024))) {
        enc.encode(img);
        double[] t = new double[5];
        for (int i = 0; i < t.length; i++) {
          long t0 = System.nanoTime();
          enc.encode(img);
          t[i] = (System.nanoTime() - t0) / 1e9;
        }
        java.util.Arrays.sort(t);
        return t[2];
      }
    }
  }

  static double best(Runnable r, int repeats) {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < repeats; i++) {
      long t0 = System.nanoTime();
      r.run();
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
    }
    return best;
  }

}
