package org.aoissl.cli;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aoissl.bench.Machine;
import org.aoissl.bench.UNetBench;
import org.aoissl.model.UNetConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code aoissl bench unet}: the U-Net's training-step rate in this JVM and, with {@code --peer}, the same
 * network's rate in PyTorch run right after on the same machine, with the ratio of the two.
 */
@Command(name = "unet", mixinStandardHelpOptions = true,
    description = "Benchmark U-Net training steps (forward, BCE + Dice, backward, clipping, AdamW) on random crops; "
        + "with --peer, run the PyTorch peer script with the same settings and print the ratio.")
public final class BenchUNetCommand implements Callable<Integer> {
  @Option(names = "--sizes", paramLabel = "PX", split = ",", defaultValue = "192,256",
      description = "Crop sizes in pixels (default: ${DEFAULT-VALUE}).")
  int[] sizes;

  @Option(names = "--batch", defaultValue = "8", description = "Crops per step (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--steps", defaultValue = "30", description = "Timed steps per size (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--warmup", defaultValue = "3", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--channels", defaultValue = "2", description = "Input channels (default: ${DEFAULT-VALUE}).")
  int channels;

  @Option(names = "--classes", defaultValue = "4", description = "Output classes (default: ${DEFAULT-VALUE}).")
  int classes;

  @Option(names = "--width", defaultValue = "16", description = "U-Net width (default: ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--depth", defaultValue = "4", description = "U-Net depth (default: ${DEFAULT-VALUE}).")
  int depth;

  @Option(names = "--threads", description = "libtorch intra-op threads, also given to the peer (default: the "
      + "core count).")
  Integer threads;

  @Option(names = "--peer", paramLabel = "SCRIPT", description = "bench/peers/unet_step.py: run it after the Java "
      + "steps with the same sizes, batch, steps and threads.")
  Path peer;

  @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "Python for --peer (default: "
      + "${DEFAULT-VALUE}).")
  String python;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    UNetConfig config = new UNetConfig(channels, classes, width, depth, "batch", "bilinear");
    Engine engine = Engine.getEngine("PyTorch");
    if (threads != null) {
      JniUtils.setNumThreads(threads);
    }
    int usedThreads = JniUtils.getNumThreads();
    String loadBefore = Machine.loadAverage();
    ZonedDateTime start = ZonedDateTime.now();
    UNetBench.Result r;
    try (BenchTrainCommand.ProgressListener listener = new BenchTrainCommand.ProgressListener()) {
      r = UNetBench.run(config, sizes, batch, warmup, steps, 0, listener);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("U-Net %s, %,d parameters; %s, DJL %s, libtorch %s, %d threads; %s; load %s%n", config,
        r.parameters(), Machine.current(), Engine.getDjlVersion(), engine.getVersion(), usedThreads, start,
        loadBefore);
    out.printf("in-process fp32 matmul peak %.1f GFLOP/s%n%n", r.peakGflops());
    out.println("| crop | batch | img/s | img/s (median step) | GFLOP/img fwd | of peak |");
    out.println("|---|---|---|---|---|---|");
    for (UNetBench.Row row : r.rows()) {
      out.printf("| %d² | %d | %.2f | %.2f | %.2f | %.0f %% |%n", row.size(), row.batch(), row.imagesPerSec(),
          row.medianImagesPerSec(), row.gflopsPerImage(), 100 * row.utilisation());
    }
    out.flush();
    if (peer != null) {
      runPeer(out, r, usedThreads);
    }
    return 0;
  }

  /** Runs the PyTorch peer with the same settings, echoes its lines and prints the ratio per size. */
  private void runPeer(PrintWriter out, UNetBench.Result r, int usedThreads) throws IOException,
      InterruptedException {
    StringBuilder sizeList = new StringBuilder();
    for (int s : sizes) {
      sizeList.append(sizeList.length() == 0 ? "" : ",").append(s);
    }
    List<String> cmd = new ArrayList<>(List.of(python, peer.toString(), "--sizes", sizeList.toString(), "--batch",
        String.valueOf(batch), "--steps", String.valueOf(steps), "--warmup", String.valueOf(warmup), "--threads",
        String.valueOf(usedThreads), "--in-ch", String.valueOf(channels), "--classes", String.valueOf(classes),
        "--width", String.valueOf(width), "--depth", String.valueOf(depth)));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    out.printf("%npeer: %s (load %s)%n%s", String.join(" ", cmd), Machine.loadAverage(), text);
    if (code != 0) {
      out.printf("peer exited with %d; no ratio%n", code);
      out.flush();
      return;
    }
    // The peer's rows start "| 192² | 8 | img/s | ..."
    Map<Integer, Double> peerRate = new HashMap<>();
    Matcher m = Pattern.compile("(?m)^\\| (\\d+)² \\| \\d+ \\| ([0-9.]+) \\|").matcher(text);
    while (m.find()) {
      peerRate.put(Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)));
    }
    out.println();
    out.println("| crop | Java img/s | PyTorch img/s | Java / PyTorch |");
    out.println("|---|---|---|---|");
    for (UNetBench.Row row : r.rows()) {
      Double py = peerRate.get(row.size());
      out.printf("| %d² | %.2f | %s | %s |%n", row.size(), row.imagesPerSec(), py == null ? "–" : String.format("%.2f",
          py), py == null ? "–" : String.format("%.2f", row.imagesPerSec() / py));
    }
    out.flush();
  }
}
