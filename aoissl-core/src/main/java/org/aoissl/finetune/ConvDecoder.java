package org.aoissl.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import java.util.ArrayList;
import java.util.List;
import org.aoissl.model.Dense;
import org.aoissl.model.Interpolate;
import org.aoissl.model.NamedParams;
import org.aoissl.model.SeededInit;
import org.aoissl.model.TokenGrid;

/**
 * A light progressive-upsampling decoder (as SETR's PUP): a linear layer takes each patch token to
 * {@value #WIDTH} channels, then each stage doubles the resolution bilinearly and applies a 3×3
 * convolution and a ReLU, halving the channels (down to {@value #MIN_CHANNELS}), until the patch grid is
 * back at pixel resolution (four stages for 16-pixel patches); a 1×1 convolution gives the logits.
 *
 * <p>Thin wires and small bonds need pixel-level boundaries that a per-patch classifier cannot draw;
 * the convolutions at 1/8 … 1/1 resolution learn them from the labels, at about a sixth of the
 * encoder's cost for {@code aoi-t} at 224².
 */
public final class ConvDecoder implements SegHead {
  static final int WIDTH = 128;
  static final int MIN_CHANNELS = 16;

  private final Dense embed;
  private final List<Parameter[]> stages = new ArrayList<>();
  private final List<int[]> channels = new ArrayList<>();
  private final Parameter[] classifier;
  private final int dim;
  private final int patch;
  private final int numClasses;

  ConvDecoder(NamedParams params, int dim, int patch, int numClasses) {
    this.dim = dim;
    this.patch = patch;
    this.numClasses = numClasses;
    embed = new Dense(params, "embed", dim, WIDTH, true);
    int c = WIDTH;
    for (int s = 0, scale = 1; scale * 2 <= patch; s++, scale *= 2) {
      int out = Math.max(MIN_CHANNELS, c / 2);
      stages.add(conv(params, "up." + s, c, out, 3));
      channels.add(new int[] {c, out});
      c = out;
    }
    classifier = conv(params, "classifier", c, numClasses, 1);
    channels.add(new int[] {c, numClasses});
  }

  private static Parameter[] conv(NamedParams params, String name, int in, int out, int k) {
    // Xavier-uniform with PyTorch's conv fans (channels times kernel area).
    double bound = Math.sqrt(6.0 / (in * k * k + out * k * k));
    float[] init = SeededInit.uniform(params.stream(name + ".weight"), out * in * k * k, bound);
    Parameter w = params.weight(name + ".weight", new Shape(out, in, k, k), init, true);
    return new Parameter[] {w, params.bias(name + ".bias", out)};
  }

  private static NDArray apply(NDArray x, Parameter[] conv, int k) {
    Shape one = new Shape(1, 1);
    Shape pad = new Shape(k / 2, k / 2);
    return Conv2d.conv2d(x, conv[0].getArray(), conv[1].getArray(), one, pad, one, 1).singletonOrThrow();
  }

  @Override
  public String kind() {
    return "decoder";
  }

  @Override
  public NDArray forward(TokenGrid grid, int height, int width) {
    int h = grid.gridH();
    int w = grid.gridW();
    NDArray x = embed.forward(grid.patches()).transpose(0, 3, 1, 2); // [N, 128, h, w]
    for (Parameter[] stage : stages) {
      h *= 2;
      w *= 2;
      x = Activation.relu(apply(Interpolate.bilinear(x, h, w), stage, 3)); // [N, c/2, 2h, 2w]
    }
    NDArray logits = apply(x, classifier, 1); // [N, K, h·p', w·p']
    return h == height && w == width ? logits : Interpolate.bilinear(logits, height, width);
  }

  @Override
  public long flops(int height, int width) {
    long h = height / patch;
    long w = width / patch;
    long f = 2L * h * w * dim * WIDTH;
    for (int s = 0; s < stages.size(); s++) {
      h *= 2;
      w *= 2;
      f += 2L * h * w * 9 * channels.get(s)[0] * channels.get(s)[1];
    }
    return f + 2L * h * w * channels.get(stages.size())[0] * numClasses;
  }
}
