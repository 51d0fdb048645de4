package org.aoissl.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import org.aoissl.model.Dense;
import org.aoissl.model.Interpolate;
import org.aoissl.model.NamedParams;
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
  private final List<ConvLayer> stages = new ArrayList<>();
  private final ConvLayer classifier;
  private final int dim;
  private final int patch;

  ConvDecoder(NamedParams params, int dim, int patch, int numClasses) {
    this.dim = dim;
    this.patch = patch;
    embed = new Dense(params, "embed", dim, WIDTH, true);
    int c = WIDTH;
    for (int s = 0, scale = 1; scale * 2 <= patch; s++, scale *= 2) {
      int out = narrower(c);
      stages.add(ConvLayer.xavier(params, "up." + s, c, out, 3));
      c = out;
    }
    classifier = ConvLayer.xavier(params, "classifier", c, numClasses, 1);
  }

  /** The channels of the stage after one of {@code c} channels: half, at least {@value #MIN_CHANNELS}. */
  static int narrower(int c) {
    return Math.max(MIN_CHANNELS, c / 2);
  }

  @Override
  public String kind() {
    return "decoder";
  }

  @Override
  public NDArray forward(TokenGrid grid, NDArray images) {
    int height = (int) images.getShape().get(2);
    int width = (int) images.getShape().get(3);
    int h = grid.gridH();
    int w = grid.gridW();
    NDArray x = embed.forward(grid.patches()).transpose(0, 3, 1, 2); // [N, 128, h, w]
    for (ConvLayer stage : stages) {
      h *= 2;
      w *= 2;
      x = Activation.relu(stage.forward(Interpolate.bilinear(x, h, w))); // [N, c/2, 2h, 2w]
    }
    NDArray logits = classifier.forward(x); // [N, K, h·p', w·p']
    return h == height && w == width ? logits : Interpolate.bilinear(logits, height, width);
  }

  @Override
  public long flops(int height, int width) {
    long h = height / patch;
    long w = width / patch;
    long f = 2L * h * w * dim * WIDTH;
    for (ConvLayer stage : stages) {
      h *= 2;
      w *= 2;
      f += stage.flops(h, w);
    }
    return f + classifier.flops(h, w);
  }
}
