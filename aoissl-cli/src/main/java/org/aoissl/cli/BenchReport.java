package org.aoissl.cli;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.aoissl.bench.Machine;
import org.aoissl.bench.MatmulPeak;
import org.aoissl.bench.MemoryGrowth;
import org.aoissl.bench.StepTimes;
import org.aoissl.bench.TrainBench;
import org.aoissl.bench.TrainBenchResult;
import org.aoissl.bench.TrainRate;

/** Formats a {@link TrainBenchResult} as markdown ready to paste into {@code bench/RESULTS.md}. */
final class BenchReport {
  /**
   * Where and when a run happened.
   *
   * @param threadsProperty the {@code ai.djl.pytorch.num_threads} property, or null if unset
   */
  record Context(
      Machine machine, ZonedDateTime start, ZonedDateTime end, String loadBefore,
      String loadAfter, String djlVersion, String pytorchVersion, String threadsProperty,
      String command) {}

  private BenchReport() {}

  static String markdown(Context c, TrainBench.Options o, TrainBenchResult r) {
    StringBuilder sb = new StringBuilder();
    DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT);
    Machine m = c.machine();
    line(sb, "### `%s`", c.command());
    line(sb, "");
    line(sb, "| | |");
    line(sb, "|---|---|");
    line(sb, "| date | %s → %s |", c.start().format(time), c.end().format(time));
    line(sb, "| CPU | %s, %d logical cores (nproc) |", m.cpuModel(), m.cores());
    line(sb, "| RAM | %.1f GiB |", m.memTotalKb() / (1024.0 * 1024.0));
    line(sb, "| JDK | %s |", m.jdk());
    line(sb, "| DJL / PyTorch | %s / %s |", c.djlVersion(), c.pytorchVersion());
    line(sb, "| threads | intra-op %d, inter-op %d (ai.djl.pytorch.num_threads: %s) |",
        r.intraOpThreads(), r.interOpThreads(),
        c.threadsProperty() == null ? "unset" : c.threadsProperty());
    line(sb, "| load average (1/5/15 min) | before %s, after %s |", c.loadBefore(), c.loadAfter());
    line(sb, "| model | %s, %d channels, warm-up %d steps, %d timed steps per row |", r.model(),
        r.channels(), o.warmupSteps(), o.steps());
    line(sb, "");
    MatmulPeak p = r.peak();
    line(sb, "Matmul peak: **%.1f GFLOP/s** (fastest timed fp32 %d³ matmul, %.1f ms, 2·n³ FLOPs; "
        + "timed before the first size and after each; median of all timed matmuls %.1f GFLOP/s). "
        + "MFU is model FLOP/s over this peak.",
        p.gflops(), p.n(), p.seconds() * 1e3, r.matmulMedianGflops());
    line(sb, "");
    line(sb, "| image | batch | attention | tokens enc/dec | GFLOP/img (3×fwd) | img/s | "
        + "model GFLOP/s | MFU | img/s (median step) | MFU (median step) |");
    line(sb, "|---|---|---|---|---|---|---|---|---|---|");
    for (TrainRate t : r.rates()) {
      line(sb, "| %d² | %d | %s | %d/%d | %.2f | %.2f | %.1f | **%.2f** | %.2f | %.2f |",
          t.imageSize(), t.batch(), attention(t), t.encoderTokens(), t.decoderTokens(),
          t.flopsPerImage() / 1e9, t.imagesPerSecond(), t.modelFlopsPerSecond() / 1e9, t.mfu(p),
          t.medianImagesPerSecond(), t.medianMfu(p));
    }
    line(sb, "");
    line(sb, "Where a step's time goes (mean per step):");
    line(sb, "");
    line(sb, "| image | attention | forward | backward | optimizer (clip + AdamW) | other | step |");
    line(sb, "|---|---|---|---|---|---|---|");
    for (TrainRate t : r.rates()) {
      StepTimes s = t.times();
      line(sb, "| %d² | %s | %s | %s | %s | %s | %.0f ms |", t.imageSize(), attention(t),
          phase(s, s.forward()), phase(s, s.backward()), phase(s, s.optimizer()),
          phase(s, s.other()), s.total() * 1e3);
    }
    line(sb, "");
    line(sb, "Native memory (process VmRSS; arrays on the model's manager; JVM heap committed at the "
        + "end, %d MiB: its pages count in RSS as they are first touched, so run with -Xms = -Xmx "
        + "and -XX:+AlwaysPreTouch for RSS growth to be native memory only):",
        r.rates().isEmpty() ? 0 : r.rates().get(r.rates().size() - 1).memory().heapCommittedKb() / 1024);
    line(sb, "");
    line(sb, "| image | attention | timed steps | RSS after warm-up | RSS after steps | growth | "
        + "model arrays | RSS trace (MiB) |");
    line(sb, "|---|---|---|---|---|---|---|---|");
    for (TrainRate t : r.rates()) {
      MemoryGrowth g = t.memory();
      StringBuilder trace = new StringBuilder();
      for (long kb : g.rssTraceKb()) {
        trace.append(trace.length() == 0 ? "" : ", ").append(Math.round(kb / 1024.0));
      }
      line(sb, "| %d² | %s | %d | %.1f MiB | %.1f MiB | %+.1f MiB | %d → %d | %s (every %d steps) |",
          t.imageSize(), attention(t), g.steps(), g.rssAfterWarmupKb() / 1024.0,
          g.rssAfterStepsKb() / 1024.0, g.rssGrowthKb() / 1024.0, g.modelArraysAfterWarmup(),
          g.modelArraysAfterSteps(), trace, g.traceEvery());
    }
    return sb.toString();
  }

  private static String attention(TrainRate t) {
    return t.fusedAttention() ? "fused" : "explicit";
  }

  private static String phase(StepTimes s, double seconds) {
    return String.format(Locale.ROOT, "%.0f ms (%.0f %%)", seconds * 1e3, 100 * s.share(seconds));
  }

  private static void line(StringBuilder sb, String format, Object... args) {
    sb.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
