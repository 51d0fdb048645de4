package org.aoissl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.aoissl.train.AdamW;
import org.junit.jupiter.api.Test;

class UNetTest {
  private static NDManager base() {
    return Engine.getEngine("PyTorch").newBaseManager();
  }

  private static NDArray noise(NDManager m, long seed, long... shape) {
    Shape s = new Shape(shape);
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[(int) s.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return m.create(v, s);
  }

  @Test
  void logitsHaveTheInputSizeForOddAndNonSquareImages() {
    try (NDManager m = base()) {
      for (int depth : new int[] {2, 3}) {
        for (String norm : UNetConfig.NORMS) {
          for (String up : UNetConfig.UPSAMPLES) {
            for (int[] c : new int[][] {{1, 37, 53}, {3, 53, 37}, {2, 1, 9}}) {
              UNetConfig cfg = new UNetConfig(c[0], 3, 4, depth, norm, up);
              try (UNet net = new UNet(cfg, m, 1); NDManager step = m.newSubManager()) {
                NDArray x = noise(step, 2, 2, c[0], c[1], c[2]);
                // Inference on odd sizes for depth 3; the eval path is otherwise covered below.
                assertThat(net.forward(x, depth == 2).getShape()).as("%s %s", cfg, c[1] + "x" + c[2])
                    .isEqualTo(new Shape(2, 3, c[1], c[2]));
              }
            }
          }
        }
      }
    }
  }

  /** Trainable values of {@code DoubleConv(in, out)}: two bias-free 3×3 convs and two affine norms. */
  private static long doubleConv(long in, long out) {
    return 9 * in * out + 9 * out * out + 4 * out;
  }

  @Test
  void theDefaultConfigHasTheParameterCountOfTheSpec() {
    UNetConfig cfg = UNetConfig.defaults(2, 4);
    assertThat(cfg.width()).isEqualTo(16);
    assertThat(cfg.depth()).isEqualTo(4);
    assertThat(cfg.multiple()).isEqualTo(16);
    long[] c = {16, 32, 64, 128, 256};
    long expected = doubleConv(2, c[0]);
    for (int i = 1; i <= 4; i++) {
      expected += doubleConv(c[i - 1], c[i]);
    }
    for (int i = 0; i < 4; i++) {
      expected += doubleConv(c[i] + c[i + 1], c[i]); // bilinear: the deeper map keeps its channels
    }
    expected += c[0] * 4 + 4; // head: 1×1 conv with bias
    try (NDManager m = base(); UNet net = new UNet(cfg, m, 0)) {
      assertThat(net.params().trainableCount()).isEqualTo(expected);
      // BatchNorm running statistics are saved with the weights but never trained.
      NamedParams.Entry rm = net.params().entry("enc.0.norm1.running_mean");
      assertThat(rm.trainable()).isFalse();
      assertThat(net.params().entry("dec.0.norm2.running_var").trainable()).isFalse();
      assertThat(net.params().entry("enc.0.conv1.weight").decay()).isTrue();
      assertThat(net.params().entry("enc.0.norm1.weight").decay()).isFalse();
      assertThat(net.params().entry("head.bias").decay()).isFalse();
    }
    UNetConfig t = new UNetConfig(2, 4, 16, 4, "batch", "transposed");
    long expectedT = doubleConv(2, c[0]) + c[0] * 4 + 4;
    for (int i = 1; i <= 4; i++) {
      expectedT += doubleConv(c[i - 1], c[i]);
    }
    for (int i = 0; i < 4; i++) {
      expectedT += c[i + 1] * c[i] * 4 + c[i] + doubleConv(2 * c[i], c[i]); // up.i, then dec.i
    }
    try (NDManager m = base(); UNet net = new UNet(t, m, 0)) {
      assertThat(net.params().trainableCount()).isEqualTo(expectedT);
      assertThat(net.params().entry("up.3.weight").array().getShape()).isEqualTo(new Shape(256, 128, 2, 2));
    }
  }

  @Test
  void flopsCountEveryConvolutionAtThePaddedSize() {
    try (NDManager m = base(); UNet net = new UNet(new UNetConfig(1, 2, 4, 1, "group", "bilinear"), m, 0)) {
      // 5×7 pads to 6×8 (48 px); level 1 is 3×4 (12 px).
      long expected = 2L * 48 * 9 * (1 * 4 + 4 * 4) // enc.0
          + 2L * 12 * 9 * (4 * 8 + 8 * 8) // enc.1
          + 2L * 48 * 9 * (12 * 4 + 4 * 4) // dec.0
          + 2L * 48 * 4 * 2; // head
      assertThat(net.flops(5, 7)).isEqualTo(expected);
    }
  }

  @Test
  void batchNormTrainsOnBatchStatisticsAndUpdatesTheRunningOnesInPlace() {
    try (NDManager m = base(); NamedParams p = new NamedParams(m.newSubManager(), 0)) {
      ChannelNorm norm = new ChannelNorm(p, "n", "batch", 3);
      NDArray runningMean = p.entry("n.running_mean").array();
      NDArray runningVar = p.entry("n.running_var").array();
      try (NDManager step = m.newSubManager()) {
        NDArray x = noise(step, 5, 4, 3, 5, 6).mul(step.create(new float[] {1, 2, 3}).reshape(1, 3, 1, 1))
            .add(step.create(new float[] {-2, 0, 5}).reshape(1, 3, 1, 1));
        NDArray perChannel = x.transpose(1, 0, 2, 3).reshape(3, -1); // [C, N·H·W]
        float[] mean = perChannel.mean(new int[] {1}).toFloatArray();
        NDArray centred = perChannel.sub(perChannel.mean(new int[] {1}, true));
        float[] unbiased = centred.square().sum(new int[] {1}).div(perChannel.getShape().get(1) - 1).toFloatArray();
        NDArray y = norm.forward(x, true).transpose(1, 0, 2, 3).reshape(3, -1); // [C, N·H·W]
        float[] ym = y.mean(new int[] {1}).toFloatArray();
        float[] yv = y.square().mean(new int[] {1}).toFloatArray();
        for (int c = 0; c < 3; c++) {
          assertThat(ym[c]).isCloseTo(0f, within(1e-5f));
          assertThat(yv[c]).isCloseTo(1f, within(1e-3f));
          // PyTorch's update with momentum 0.1 and the unbiased batch variance, in the same arrays.
          assertThat(runningMean.toFloatArray()[c]).isCloseTo(0.1f * mean[c], within(1e-5f));
          assertThat(runningVar.toFloatArray()[c]).isCloseTo(0.9f + 0.1f * unbiased[c], within(1e-4f));
        }
        float[] before = runningMean.toFloatArray();
        norm.forward(x, false);
        assertThat(runningMean.toFloatArray()).containsExactly(before);
      }
    }
  }

  @Test
  void groupNormNormalisesEachGroupOfEachImage() {
    try (NDManager m = base(); NamedParams p = new NamedParams(m.newSubManager(), 0)) {
      ChannelNorm norm = new ChannelNorm(p, "n", "group", 16); // 8 groups of 2 channels
      try (NDManager step = m.newSubManager()) {
        NDArray x = noise(step, 6, 2, 16, 3, 5).mul(3).add(1);
        NDArray g = norm.forward(x, true).reshape(2, 8, -1); // [N, G, 2·H·W]
        for (float v : g.mean(new int[] {2}).toFloatArray()) {
          assertThat(v).isCloseTo(0f, within(1e-5f));
        }
        for (float v : g.square().mean(new int[] {2}).toFloatArray()) {
          assertThat(v).isCloseTo(1f, within(1e-3f));
        }
      }
      assertThat(p.names()).containsExactly("n.weight", "n.bias");
    }
  }

  @Test
  void aTrainingForwardMovesTheRunningStatisticsAndInferenceIsDeterministic() {
    UNetConfig cfg = new UNetConfig(2, 2, 4, 2, "batch", "bilinear");
    try (NDManager m = base(); UNet net = new UNet(cfg, m, 3)) {
      NDArray rm = net.params().entry("enc.1.norm2.running_mean").array();
      float[] before = rm.toFloatArray();
      try (NDManager step = m.newSubManager()) {
        NDArray x = noise(step, 4, 2, 2, 20, 24);
        net.forward(x, true);
        assertThat(rm.toFloatArray()).isNotEqualTo(before);
        float[] a = net.forward(x, false).toFloatArray();
        float[] after = rm.toFloatArray();
        float[] b = net.forward(x, false).toFloatArray();
        assertThat(b).containsExactly(a);
        assertThat(rm.toFloatArray()).containsExactly(after);
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameWeightsAndLogits() {
    UNetConfig cfg = new UNetConfig(2, 3, 4, 2, "group", "transposed");
    try (NDManager m = base(); UNet a = new UNet(cfg, m, 11); UNet b = new UNet(cfg, m, 11);
        UNet c = new UNet(cfg, m, 12); NDManager step = m.newSubManager()) {
      for (String name : a.params().names()) {
        assertThat(b.params().entry(name).array().toFloatArray())
            .as(name).containsExactly(a.params().entry(name).array().toFloatArray());
      }
      assertThat(c.params().entry("enc.0.conv1.weight").array().toFloatArray())
          .isNotEqualTo(a.params().entry("enc.0.conv1.weight").array().toFloatArray());
      NDArray x = noise(step, 1, 1, 2, 17, 23);
      float[] la = a.forward(x, true).toFloatArray();
      assertThat(b.forward(x, true).toFloatArray()).containsExactly(la);
      assertThat(c.forward(x, true).toFloatArray()).isNotEqualTo(la);
    }
  }

  @Test
  void convWeightsAndHeadBiasFollowPyTorchsDefaultUniformInit() {
    try (NDManager m = base(); UNet net = new UNet(UNetConfig.defaults(2, 4), m, 5)) {
      float[] w = net.params().entry("enc.3.conv2.weight").array().toFloatArray(); // [128, 128, 3, 3]
      double bound = 1 / Math.sqrt(128 * 9);
      double sq = 0;
      for (float v : w) {
        assertThat(Math.abs(v)).isLessThanOrEqualTo((float) bound);
        sq += v * v;
      }
      // U(-b, b) has standard deviation b/sqrt(3).
      assertThat(Math.sqrt(sq / w.length)).isCloseTo(bound / Math.sqrt(3), within(2e-4));
      float[] b = net.params().entry("head.bias").array().toFloatArray(); // [4], fan-in 16
      for (float v : b) {
        assertThat(Math.abs(v)).isLessThanOrEqualTo(0.25f);
      }
      assertThat(b).isNotEqualTo(new float[4]);
    }
  }

  @Test
  void theTransposedUpSamplingIsPyTorchsConvTranspose2dWithKernelAndStride2() {
    try (NDManager m = base(); UNet net = new UNet(new UNetConfig(1, 1, 2, 1, "batch", "transposed"), m, 2);
        NDManager step = m.newSubManager()) {
      int in = 4;
      int out = 2;
      float[] w = net.params().entry("up.0.weight").array().toFloatArray(); // [in, out, 2, 2]
      net.params().entry("up.0.bias").array().set(new float[] {0.5f, -1f});
      NDArray x = noise(step, 3, 1, in, 3, 5);
      float[] xv = x.toFloatArray();
      float[] y = UNet.transposedConv(x, net.upParameters(0)).toFloatArray(); // [1, out, 6, 10]
      float[] bias = {0.5f, -1f};
      for (int o = 0; o < out; o++) {
        for (int yy = 0; yy < 6; yy++) {
          for (int xx = 0; xx < 10; xx++) {
            double ref = bias[o];
            for (int c = 0; c < in; c++) {
              ref += xv[(c * 3 + yy / 2) * 5 + xx / 2] * w[((c * out + o) * 2 + yy % 2) * 2 + xx % 2];
            }
            assertThat((double) y[(o * 6 + yy) * 10 + xx]).isCloseTo(ref, within(1e-5));
          }
        }
      }
    }
  }

  @Test
  void forwardAndBackwardLeaveNothingOnTheParameterManager() {
    for (String norm : UNetConfig.NORMS) {
      for (String up : UNetConfig.UPSAMPLES) {
        try (NDManager m = base(); UNet net = new UNet(new UNetConfig(2, 2, 4, 2, norm, up), m, 1)) {
          NDManager owner = net.params().manager();
          int before = owner.getManagedArrays().size();
          try (NDManager step = m.newSubManager();
              GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray x = noise(step, 1, 2, 2, 13, 18);
            gc.backward(net.forward(x, true).square().mean());
            net.forward(x, false);
          }
          assertThat(owner.getManagedArrays()).as(norm + " " + up).hasSize(before);
          for (NamedParams.Entry e : net.params().trainable()) {
            AdamW.zero(e.array().getGradient());
          }
        }
      }
    }
  }

  @Test
  void bilinearDoublingMatchesPyTorchsInterpolate() {
    try (NDManager m = base()) {
      for (int[] hw : new int[][] {{1, 1}, {1, 4}, {5, 6}, {3, 2}}) {
        NDArray x = noise(m, 7, 2, 3, hw[0], hw[1]);
        float[] ours = Interpolate.upsample2x(x).toFloatArray();
        float[] ref = Interpolate.bilinear(x, 2 * hw[0], 2 * hw[1]).toFloatArray();
        assertThat(ours).hasSize(ref.length);
        for (int i = 0; i < ref.length; i++) {
          assertThat(ours[i]).isCloseTo(ref[i], within(1e-5f));
        }
      }
    }
  }

  @Test
  void repeatedInferenceIsFiniteAndIdentical() {
    try (NDManager m = base(); UNet net = new UNet(new UNetConfig(2, 2, 4, 2, "batch", "bilinear"), m, 3)) {
      NDArray x = noise(m, 4, 2, 2, 20, 24);
      net.forward(x, true);
      float[] ref = net.forward(x, false).toFloatArray();
      for (float v : ref) {
        assertThat(Float.isFinite(v)).isTrue();
      }
      for (int i = 0; i < 40; i++) {
        try (NDManager step = m.newSubManager()) {
          NDArray xx = x.duplicate();
          xx.attach(step);
          assertThat(net.forward(xx, false).toFloatArray()).as("run %d", i).containsExactly(ref);
        }
      }
    }
  }

  /** Mean binary cross-entropy of logits against 0/1 targets, in the numerically stable form. */
  private static NDArray bce(NDArray z, NDArray t) {
    return z.maximum(0).sub(z.mul(t)).add(z.abs().neg().exp().add(1).log()).mean();
  }

  @Test
  void oneAdamWStepOnBinaryCrossEntropyLowersTheLoss() {
    UNetConfig cfg = new UNetConfig(2, 2, 8, 2, "batch", "transposed");
    try (NDManager m = base(); UNet net = new UNet(cfg, m, 7); AdamW opt = new AdamW(AdamW.Config.MAE, m);
        NDManager data = m.newSubManager()) {
      NDArray x = noise(data, 8, 2, 2, 24, 20);
      NDArray t = x.get(":, 0:2").gt(0).toType(ai.djl.ndarray.types.DataType.FLOAT32, false); // [N, K, H, W]
      Map<String, NDArray> params = new LinkedHashMap<>();
      Set<String> noDecay = new HashSet<>();
      for (NamedParams.Entry e : net.params().trainable()) {
        params.put(e.name(), e.array());
        if (!e.decay()) {
          noDecay.add(e.name());
        }
      }
      double before;
      try (NDScope ignored = new NDScope();
          GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray loss = bce(net.forward(x, true), t);
        before = loss.getFloat();
        gc.backward(loss);
      }
      double norm = opt.step(params, noDecay, 1e-2, 1.0, 0.05);
      double after;
      try (NDScope ignored = new NDScope()) {
        after = bce(net.forward(x, true), t).getFloat();
      }
      assertThat(after).as("gradient norm %s, skipped steps %d", norm, opt.skippedSteps()).isLessThan(before);
    }
  }

  @Test
  void configsSayWhatIsWrong() {
    assertThatThrownBy(() -> new UNetConfig(0, 2, 16, 4, "batch", "bilinear"))
        .hasMessageContaining("inChannels must be at least 1; got 0");
    assertThatThrownBy(() -> new UNetConfig(2, 0, 16, 4, "batch", "bilinear"))
        .hasMessageContaining("numClasses must be at least 1; got 0");
    assertThatThrownBy(() -> new UNetConfig(2, 2, 16, 4, "layer", "bilinear"))
        .hasMessageContaining("norm must be one of [batch, group]; got layer");
    assertThatThrownBy(() -> new UNetConfig(2, 2, 16, 4, "batch", "nearest"))
        .hasMessageContaining("upsample must be one of");
    assertThatThrownBy(() -> new UNetConfig(2, 2, 6, 2, "group", "bilinear"))
        .hasMessageContaining("12 channels of level 1");
  }
}
