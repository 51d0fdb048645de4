import java.util.Locale;
import org.aoissl.bench.ClusteredKeys;
import org.aoissl.retrieval.ExactIndex;
import org.aoissl.retrieval.IvfIndex;
import org.aoissl.retrieval.Neighbors;
import org.aoissl.retrieval.Recall;

/**
 * Exact search against the inverted-file index on the retrieval benchmark's clustered keys: build time,
 * search time per 1,024 queries (best of 3) and recall@k, for several cell and probe counts.
 * Usage: java -cp "$CP" bench/harness/IvfSearch.java SIZE DIM CELLS PROBES[,PROBES...]
 */
public class IvfSearch {
  public static void main(String[] a) {
    int n = Integer.parseInt(a[0]);
    int dim = Integer.parseInt(a[1]);
    int cells = Integer.parseInt(a[2]);
    String[] probeList = a[3].split(",");
    int queries = 1024;
    int k = 10;
    ClusteredKeys gen = new ClusteredKeys(dim, 1);
    float[] keys = gen.sample(n, 2);
    float[] q = gen.sample(queries, 3);
    Neighbors truth;
    double exact;
    try (ExactIndex e = new ExactIndex(keys, n, dim)) {
      truth = e.search(q, queries, k);
      exact = best(() -> e.search(q, queries, k));
    }
    System.out.printf(Locale.ROOT, "size %,d dim %d: exact %.3f s per 1024 queries%n", n, dim, exact);
    for (String p : probeList) {
      int probes = Integer.parseInt(p);
      long t0 = System.nanoTime();
      try (IvfIndex ivf = IvfIndex.build(keys, n, dim, cells, 5, probes, 4)) {
        double build = (System.nanoTime() - t0) / 1e9;
        Neighbors got = ivf.search(q, queries, k);
        double s = best(() -> ivf.search(q, queries, k));
        System.out.printf(Locale.ROOT, "ivf cells %d probes %d: build %.1f s, search %.3f s per 1024 queries "
            + "(%.2fx exact), recall@%d %.3f%n", ivf.cells(), probes, build, s, s / exact, k, Recall.atK(got, truth));
      }
    }
  }

  static double best(Runnable r) {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      r.run();
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
    }
    return best;
  }

}
