package org.aoissl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.List;

/**
 * A standard U-Net segmenter (Ronneberger et al. 2015 with padded convolutions and a norm after each):
 * the baseline a plant would train on its labeled images, compared with retrieval in every table.
 *
 * <p>Level {@code i = 0..depth} has {@code c_i = width·2^i} channels. Encoder: {@code enc.0 =
 * DoubleConv(inChannels, c_0)}, then for each deeper level a 2×2 max-pool and {@code enc.i =
 * DoubleConv(c_{i-1}, c_i)}. Decoder, for {@code i = depth-1 … 0}: up-sample the deeper map ×2
 * (bilinear, channels kept; or the transposed convolution {@code up.i}: {@code c_{i+1} → c_i}, kernel 2,
 * stride 2, with bias), concatenate {@code [skip_i, up]} on channels and apply {@code dec.i =
 * DoubleConv(c_i + c_{i+1} or 2·c_i, c_i)}. A 1×1 convolution {@code head} (with bias) gives the logits
 * {@code [N, K, H, W]}; the caller applies one sigmoid per class.
 *
 * <p>Any image size works: the input is zero-padded at the bottom and right to a multiple of
 * {@code 2^depth} (DJL has no reflection padding) and the logits are cropped back. Initial values are
 * seeded per parameter name as PyTorch's defaults (U(±1/√fanIn) for every convolution weight and
 * bias, norms 1 and 0);
 * convolution weights are decayed, norms and biases not. Every array a forward pass creates lives on
 * the input's manager.
 */
public final class UNet implements AutoCloseable {
  private static final Shape TWO = new Shape(2, 2);
  private static final Shape ZERO = new Shape(0, 0);

  private final UNetConfig config;
  private final NamedParams params;
  private final List<DoubleConv> encoder = new ArrayList<>();
  private final List<DoubleConv> decoder = new ArrayList<>();
  private final List<Parameter[]> up = new ArrayList<>();
  private final Parameter headWeight;
  private final Parameter headBias;

  /** A new model whose parameters live on a child of {@code manager}, closed by {@link #close()}. */
  public UNet(UNetConfig config, NDManager manager, long seed) {
    this.config = config;
    this.params = new NamedParams(manager.newSubManager(), seed);
    String norm = config.norm();
    encoder.add(new DoubleConv(params, "enc.0", norm, config.inChannels(), config.channels(0)));
    for (int i = 1; i <= config.depth(); i++) {
      encoder.add(new DoubleConv(params, "enc." + i, norm, config.channels(i - 1), config.channels(i)));
    }
    // Decoder lists are indexed by level; parameters are created deepest first, in forward order.
    for (int i = 0; i < config.depth(); i++) {
      decoder.add(null);
      up.add(null);
    }
    for (int i = config.depth() - 1; i >= 0; i--) {
      int ci = config.channels(i);
      int deeper = config.channels(i + 1);
      if (config.transposed()) {
        // PyTorch's ConvTranspose2d weight is [in, out, k, k]; its fan-in is size(1)·k·k = out·4.
        float[] init = SeededInit.uniform(params.stream("up." + i + ".weight"), deeper * ci * 4,
            1.0 / Math.sqrt(ci * 4));
        up.set(i, new Parameter[] {
            params.weight("up." + i + ".weight", new Shape(deeper, ci, 2, 2), init, true),
            DoubleConv.convBias(params, "up." + i + ".bias", ci, ci * 4)});
      }
      int in = config.transposed() ? 2 * ci : ci + deeper;
      decoder.set(i, new DoubleConv(params, "dec." + i, norm, in, ci));
    }
    headWeight = DoubleConv.convWeight(params, "head.weight", config.numClasses(), config.channels(0), 1);
    headBias = DoubleConv.convBias(params, "head.bias", config.numClasses(), config.channels(0));
  }

  public UNetConfig config() {
    return config;
  }

  public NamedParams params() {
    return params;
  }

  /**
   * Per-class logits of images of any size, on {@code x}'s manager.
   *
   * @param x normalised images {@code [N, C, H, W]}
   * @param training BatchNorm: normalise by batch statistics and update the running ones in place
   *     (otherwise use the running ones); no effect with GroupNorm
   * @return logits {@code [N, K, H, W]}
   */
  public NDArray forward(NDArray x, boolean training) {
    Shape s = x.getShape();
    if (s.dimension() != 4 || s.get(1) != config.inChannels()) {
      throw new IllegalArgumentException(
          "expected [N, " + config.inChannels() + ", H, W]; got " + s);
    }
    int h = (int) s.get(2);
    int w = (int) s.get(3);
    int hp = padded(h);
    int wp = padded(w);
    // PyTorch pad order: last axis first (left, right, top, bottom).
    NDArray y = hp == h && wp == w ? x : x.pad(new Shape(0, wp - w, 0, hp - h), 0); // [N, C, Hp, Wp]
    List<NDArray> skips = new ArrayList<>();
    y = encoder.get(0).forward(y, training); // [N, c_0, Hp, Wp]
    for (int i = 1; i <= config.depth(); i++) {
      skips.add(y);
      y = Pool.maxPool2d(y, TWO, TWO, ZERO, false); // [N, c_{i-1}, Hp/2^i, Wp/2^i]
      y = encoder.get(i).forward(y, training); // [N, c_i, Hp/2^i, Wp/2^i]
    }
    for (int i = config.depth() - 1; i >= 0; i--) {
      NDArray skip = skips.get(i); // [N, c_i, Hp/2^i, Wp/2^i]
      NDArray u = upsample(y, i, (int) skip.getShape().get(2), (int) skip.getShape().get(3));
      y = decoder.get(i).forward(skip.concat(u, 1), training); // [N, c_i, Hp/2^i, Wp/2^i]
    }
    NDArray logits = DoubleConv.conv(y, headWeight, headBias, ZERO); // [N, K, Hp, Wp]
    return hp == h && wp == w ? logits : logits.get(new NDIndex(":, :, :{}, :{}", h, w)); // [N, K, H, W]
  }

  /** {@code [N, c_{i+1}, h, w] -> [N, c_{i+1} or c_i, 2h, 2w]}. */
  private NDArray upsample(NDArray y, int level, int outH, int outW) {
    if (!config.transposed()) {
      return Interpolate.upsample2x(y); // [N, c, 2h, 2w]: the padded input keeps every level even
    }
    return transposedConv(y, up.get(level));
  }

  /**
   * PyTorch's {@code ConvTranspose2d(in, out, kernel_size=2, stride=2)} with weight {@code [in, out, 2,
   * 2]}: DJL's PyTorch engine does not implement {@code conv2dTranspose}, and with stride equal to the
   * kernel every input pixel writes its own 2×2 output block, so the layer is a 1×1 convolution to
   * {@code out·4} channels followed by a depth-to-space shuffle.
   */
  static NDArray transposedConv(NDArray y, Parameter[] t) {
    Shape s = y.getShape();
    Shape ws = t[0].getArray().getShape();
    long in = ws.get(0);
    long out = ws.get(1);
    NDManager m = y.getManager();
    // Adopt the transposed view before reshaping, so neither step stays on the parameters' manager.
    NDArray w = Ops.adopt(t[0].getArray().transpose(1, 2, 3, 0), m).reshape(out * 4, in, 1, 1); // [out·2·2, in, 1, 1]
    NDArray b = Ops.adopt(t[1].getArray().reshape(1, out, 1, 1), m);
    NDArray z = Conv.conv2d(y, w, null, 1, ZERO); // [N, out·2·2, h, w]
    z = z.reshape(s.get(0), out, 2, 2, s.get(2), s.get(3)).transpose(0, 1, 4, 2, 5, 3); // [N, out, h, 2, w, 2]
    return z.reshape(s.get(0), out, 2 * s.get(2), 2 * s.get(3)).add(b); // [N, out, 2h, 2w]
  }

  private int padded(int side) {
    int m = config.multiple();
    return (side + m - 1) / m * m;
  }

  /**
   * Forward FLOPs of one {@code h×w} image (2 per multiply-add of every convolution, at the padded
   * size the model actually runs), for utilisation figures. Pooling, norms, ReLU and bilinear
   * up-sampling are left out.
   */
  public long flops(int h, int w) {
    long hp = padded(h);
    long wp = padded(w);
    long f = 0;
    for (int i = 0; i <= config.depth(); i++) {
      f += encoder.get(i).flops(hp >> i, wp >> i);
    }
    for (int i = 0; i < config.depth(); i++) {
      long pixels = (hp >> i) * (wp >> i);
      if (config.transposed()) {
        // Stride 2 with kernel 2: each output pixel receives exactly one kernel tap per input channel.
        f += Flops.conv(pixels, config.channels(i + 1), config.channels(i), 1);
      }
      f += decoder.get(i).flops(hp >> i, wp >> i);
    }
    return f + Flops.conv(hp * wp, config.channels(0), config.numClasses(), 1);
  }

  /** The weight and bias of {@code up.level}, for tests. */
  Parameter[] upParameters(int level) {
    return up.get(level);
  }

  @Override
  public void close() {
    params.close();
  }
}
