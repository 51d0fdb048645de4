package org.aoissl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.aoissl.retrieval.BankIndex;
import org.aoissl.io.FormatUtil;
import org.aoissl.refine.Refiner;
import org.aoissl.retrieval.BankFile;
import org.aoissl.retrieval.BankImage;
import org.aoissl.retrieval.ExactIndex;
import org.aoissl.retrieval.HnswIndex;
import org.aoissl.retrieval.HnswParams;
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.NeighborIndex;
import org.aoissl.retrieval.Recall;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aoissl bank info}: what a bank holds, and optionally how well its HNSW index recalls. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Describe a memory bank.")
public final class BankInfoCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "BANK", description = "Bank file.")
  Path bank;

  @Option(names = "--recall", description = "Measure the HNSW index's recall@k against exact search on sampled "
      + "bank entries as queries.")
  boolean recall;

  @Option(names = "--queries", defaultValue = "1000", description = "Queries for --recall (default: ${DEFAULT-VALUE}).")
  int queries;

  @Option(names = "--k", defaultValue = "10", description = "k for --recall (default: ${DEFAULT-VALUE}).")
  int k;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Path bankFile = DatasetArgs.abs(bank);
    MemoryBank b = BankFile.read(bankFile);
    PrintWriter o = spec.commandLine().getOut();
    o.printf("bank %s (%.1f MB, checksum %s)%n", bankFile, Files.size(bankFile) / 1e6, FormatUtil.checksum(bankFile));
    o.printf("  encoder   %s%n", b.encoder().describe());
    o.printf("  classes   %s%n", b.classes().names());
    o.printf("  entries   %d (dim %d, patch %d, label blocks %s)%n", b.size(), b.dim(), b.patchSize(),
        b.hasBlocks() ? "yes" : "no");
    o.printf("  config    %s%n", b.config());
    o.printf("  pca       %s%n", b.pca() == null ? "none (search on full keys)"
        : "rank " + b.pca().rank() + " (searches on keys projected from dim " + b.dim() + ")");
    Map<String, int[]> devices = new TreeMap<>();
    for (BankImage im : b.images()) {
      int[] c = devices.computeIfAbsent(im.device(), d -> new int[2]);
      c[im.view() == 0 ? 0 : 1]++;
    }
    devices.forEach((d, c) -> o.printf("  device %-10s %d images (+%d augmented views)%n", d, c[0], c[1]));
    o.printf("  settings  %s%n", b.settings());
    o.printf("  refiner   %s%n", b.refiner() == null ? "none (bank refine trains one)"
        : Refiner.state(b.refiner(), bankFile).describe());
    b.provenance().forEach((key, v) -> o.printf("  %-9s %s%n", key, v));
    Path dir = BankIndex.hnswDir(bankFile);
    o.printf("  hnsw      %s%n", Files.isDirectory(dir) ? dir : "none (exact search)");
    if (recall) {
      measureRecall(b, bankFile, o);
    }
    o.flush();
    return 0;
  }

  private void measureRecall(MemoryBank b, Path bankFile, PrintWriter o) throws IOException {
    int n = Math.min(queries, b.size());
    int kk = Math.min(k, b.size());
    float[] q = new float[n * b.dim()];
    SplittableRandom r = new SplittableRandom(0);
    for (int i = 0; i < n; i++) {
      int e = r.nextInt(b.size());
      b.copyKeys(e, e + 1, q, i * b.dim());
    }
    // Both indexes search the same space (the PCA projection when the bank has one), so this measures
    // the graph's approximation alone.
    int sd = BankIndex.searchDim(b);
    float[] keys = BankIndex.searchKeys(b);
    if (b.pca() != null) {
      q = b.pca().project(q, n);
    }
    boolean saved = Files.isDirectory(BankIndex.hnswDir(bankFile));
    try (NeighborIndex exact = new ExactIndex(keys, b.size(), sd);
        HnswIndex hnsw = saved ? BankIndex.openHnsw(b, bankFile)
            : HnswIndex.build(keys, b.size(), sd, HnswParams.DEFAULT)) {
      double rec = Recall.atK(hnsw, exact, q, n, kk);
      o.printf("  recall@%d of the %s HNSW index (%s) against exact search: %.4f over %d bank entries as queries%n",
          kk, saved ? "saved" : "in-memory", hnsw.params(), rec, n);
    }
  }
}
