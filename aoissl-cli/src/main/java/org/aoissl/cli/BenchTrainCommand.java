package org.aoissl.cli;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.io.PrintWriter;
import java.time.ZonedDateTime;
import java.util.concurrent.Callable;
import org.aoissl.bench.Machine;
import org.aoissl.bench.TrainBench;
import org.aoissl.bench.TrainBenchResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code aoissl bench train}: the libtorch matmul peak and the MAE training step rate, model FLOP/s
 * and MFU, per-phase times and native-memory growth, from one run in this JVM, printed as markdown.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Benchmark MAE pre-training steps (forward, backward, clipping, AdamW) on random "
        + "images against the in-process matmul peak.")
public final class BenchTrainCommand implements Callable<Integer> {
  @Option(names = "--model", paramLabel = "PRESET", defaultValue = "aoi-t",
      description = "Model preset (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--sizes", paramLabel = "PX", split = ",", defaultValue = "224,512",
      description = "Image sizes in pixels, comma-separated (default: ${DEFAULT-VALUE}).")
  int[] sizes;

  @Option(names = "--batch", paramLabel = "N", split = ",", defaultValue = "8",
      description = "Images per step: one value, or one per size (default: ${DEFAULT-VALUE}).")
  int[] batch;

  @Option(names = "--steps", paramLabel = "N", defaultValue = "1000",
      description = "Timed steps per size; RSS growth is measured over them (default: "
          + "${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "5",
      description = "Untimed steps before the timed ones (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--channels", paramLabel = "C", defaultValue = "2",
      description = "Image channels (default: ${DEFAULT-VALUE}).")
  int channels;

  @Option(names = "--matmul-sizes", paramLabel = "N", split = ",", defaultValue = "1024,2048,4096",
      description = "Sides of the square fp32 matmuls timed for the peak (default: "
          + "${DEFAULT-VALUE}).")
  int[] matmulSizes;

  @Option(names = "--threads", paramLabel = "N",
      description = "libtorch intra-op threads (default: libtorch's, normally the core count).")
  Integer threads;

  @Option(names = "--compare-attention",
      description = "Also run each size with attention as explicit matmul/softmax ops.")
  boolean compareAttention;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
      description = "Seed of weights, masks and input data (default: ${DEFAULT-VALUE}).")
  long seed;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    TrainBench.Options o = new TrainBench.Options(
        model, sizes, channels, batch, warmup, steps, matmulSizes, compareAttention, seed);
    String loadBefore = Machine.loadAverage();
    ZonedDateTime start = ZonedDateTime.now();
    Engine engine = Engine.getEngine("PyTorch");
    if (threads != null) {
      if (threads < 1) {
        throw new IllegalArgumentException("--threads must be >= 1; got " + threads);
      }
      JniUtils.setNumThreads(threads);
    }
    TrainBenchResult result;
    try (ProgressListener listener = new ProgressListener()) {
      result = new TrainBench(listener).run(o);
    }
    BenchReport.Context context = new BenchReport.Context(Machine.current(), start,
        ZonedDateTime.now(), loadBefore, Machine.loadAverage(), Engine.getDjlVersion(),
        engine.getVersion(), System.getProperty("ai.djl.pytorch.num_threads"),
        commandLine());
    PrintWriter out = spec.commandLine().getOut();
    out.print(BenchReport.markdown(context, o, result));
    out.flush();
    return 0;
  }

  /** The command as typed, for the record. */
  private String commandLine() {
    StringBuilder sb = new StringBuilder("aoissl");
    for (String arg : spec.commandLine().getParseResult().originalArgs()) {
      sb.append(' ').append(arg);
    }
    return sb.toString();
  }

  /** Shows each benchmark phase as a progress bar. */
  static final class ProgressListener implements TrainBench.Listener, AutoCloseable {
    private Progress progress;

    @Override
    public void start(String task, long total) {
      close();
      progress = Progress.start(task, total);
    }

    @Override
    public void step() {
      if (progress != null) {
        progress.step();
      }
    }

    @Override
    public void end() {
      close();
    }

    @Override
    public void close() {
      if (progress != null) {
        progress.close();
        progress = null;
      }
    }
  }
}
