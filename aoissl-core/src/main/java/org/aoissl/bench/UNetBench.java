package org.aoissl.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.aoissl.finetune.SegLoss;
import org.aoissl.model.UNet;
import org.aoissl.model.UNetConfig;
import org.aoissl.train.AdamW;
import org.aoissl.train.Trainable;

/**
 * The U-Net's training-step rate on random crops — forward, BCE + Dice over labeled pixels, backward,
 * global-norm clipping and AdamW, as {@code aoissl finetune --head unet} runs them — with the model
 * FLOP/s over the in-process matmul peak, so it can be set beside the PyTorch peer
 * ({@code bench/peers/unet_step.py}, the same network) in one run.
 */
public final class UNetBench {
  /**
   * One size's figures.
   *
   * @param imagesPerSec images over the timed steps' total time
   * @param medianImagesPerSec images per second of the median step
   * @param gflopsPerImage forward model GFLOPs of one image
   * @param utilisation training FLOP/s (3× forward) over the matmul peak
   */
  public record Row(int size, int batch, double imagesPerSec, double medianImagesPerSec, double gflopsPerImage,
      double utilisation) {}

  /** Rows and the peak they are measured against. */
  public record Result(double peakGflops, long parameters, List<Row> rows) {}

  private UNetBench() {}

  /** Times {@code steps} steps after {@code warmup} untimed ones at each size, the listener told of each. */
  public static Result run(UNetConfig config, int[] sizes, int batch, int warmup, int steps, long seed,
      TrainBench.Listener listener) {
    try (NDManager base = Engine.getEngine("PyTorch").newBaseManager()) {
      double peak = new TrainBench(TrainBench.Listener.NONE).matmulPeak(base, new int[] {1024, 2048}, 2, 5).gflops();
      List<Row> rows = new ArrayList<>();
      long parameters;
      try (UNet net = new UNet(config, base, seed);
          AdamW optimizer = new AdamW(new AdamW.Config(0.9, 0.999, 1e-8, 0.05), base)) {
        parameters = net.params().trainableCount();
        Trainable trainable = Trainable.of(net.params());
        for (int size : sizes) {
          listener.start("U-Net " + size + "²", warmup + steps);
          double[] seconds = new double[steps];
          for (int s = 0; s < warmup + steps; s++) {
            long t0 = System.nanoTime();
            step(net, optimizer, trainable, base, config, size, batch);
            if (s >= warmup) {
              seconds[s - warmup] = (System.nanoTime() - t0) / 1e9;
            }
            listener.step();
          }
          listener.end();
          double total = Arrays.stream(seconds).sum();
          double[] sorted = seconds.clone();
          Arrays.sort(sorted);
          double median = sorted[steps / 2];
          double gflops = net.flops(size, size) / 1e9;
          double rate = steps * batch / total;
          rows.add(new Row(size, batch, rate, batch / median, gflops, 3 * gflops * rate / peak));
        }
      }
      return new Result(peak, parameters, rows);
    }
  }

  private static void step(UNet net, AdamW optimizer, Trainable trainable, NDManager base, UNetConfig config,
      int size, int batch) {
    try (NDManager sm = base.newSubManager(); NDScope scope = new NDScope()) {
      NDArray x = sm.randomNormal(new Shape(batch, config.inChannels(), size, size)); // [N, C, S, S]
      NDArray target = sm.randomUniform(0, 1, new Shape(batch, config.numClasses(), size, size)).gt(0.9)
          .toType(DataType.FLOAT32, false); // [N, K, S, S]
      NDArray valid = sm.randomUniform(0, 1, new Shape(batch, 1, size, size)).gt(0.02)
          .toType(DataType.FLOAT32, false); // [N, 1, S, S]
      try (GradientCollector gc = sm.getEngine().newGradientCollector()) {
        gc.backward(SegLoss.loss(net.forward(x, true), target, valid, 1.0));
      }
      optimizer.step(trainable.arrays(), trainable.noDecay(), 1e-4, 5.0, 0.05);
    }
  }
}
