package org.aoissl.pretrain.dino;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import org.aoissl.model.NamedParams;
import org.aoissl.model.Ops;
import org.aoissl.model.SeededInit;

/**
 * DINO's projection head ({@code vision_transformer.py} {@code DINOHead}, no batch norm): a 3-layer
 * MLP {@code in → hidden → hidden → bottleneck} with GELUs, L2 normalisation, then a weight-normalised
 * linear layer to K outputs whose gain is fixed at 1 ({@code norm_last_layer}), i.e. each output is the
 * cosine between the bottleneck vector and a learned direction. With a patch layer (iBOT's {@code
 * iBOTHead}, not shared) patch tokens get their own last layer {@code last_layer2}.
 *
 * <p>Names as the reference's ({@code mlp.0.weight}, {@code mlp.2.*}, {@code mlp.4.*}, {@code
 * last_layer.weight_v}); the fixed gains {@code weight_g} are not stored. MLP weights are drawn from a
 * truncated N(0, 0.02²), biases 0, last-layer directions from PyTorch's default Linear init
 * U(±1/√bottleneck).
 */
public final class DinoHead {
  private final Parameter[] weights = new Parameter[3];
  private final Parameter[] biases = new Parameter[3];
  private final Parameter lastLayer;
  private final Parameter lastLayer2;

  /**
   * @param patchLayer whether patch tokens get their own last layer {@code last_layer2}
   */
  public DinoHead(NamedParams params, int in, DinoConfig c, boolean patchLayer) {
    int[] dims = {in, c.hiddenDim(), c.hiddenDim(), c.bottleneckDim()};
    for (int i = 0; i < 3; i++) {
      String name = "mlp." + (2 * i);
      int fanIn = dims[i];
      int fanOut = dims[i + 1];
      weights[i] = params.weight(name + ".weight", new Shape(fanOut, fanIn),
          SeededInit.truncNormal(params.stream(name + ".weight"), fanOut * fanIn, 0.02, -2, 2), true);
      biases[i] = params.bias(name + ".bias", fanOut);
    }
    lastLayer = lastLayer(params, "last_layer.weight_v", c);
    lastLayer2 = patchLayer ? lastLayer(params, "last_layer2.weight_v", c) : null;
  }

  private static Parameter lastLayer(NamedParams params, String name, DinoConfig c) {
    int k = c.outDim();
    int b = c.bottleneckDim();
    return params.weight(name, new Shape(k, b),
        SeededInit.uniform(params.stream(name), k * b, 1 / Math.sqrt(b)), true);
  }

  /** The MLP and the L2 normalisation: {@code [..., in] -> [..., bottleneck]}, unit rows. */
  public NDArray bottleneck(NDArray x) {
    NDArray h = x;
    for (int i = 0; i < 3; i++) {
      h = Linear.linear(h, weights[i].getArray(), biases[i].getArray()).singletonOrThrow();
      if (i < 2) {
        h = Activation.gelu(h);
      }
    }
    return l2normalize(h);
  }

  /** CLS logits: {@code [..., in] -> [..., K]}. */
  public NDArray forward(NDArray x) {
    return last(bottleneck(x), lastLayer);
  }

  /** Logits of patch tokens from their bottleneck vectors, through {@code last_layer2} if there is one. */
  public NDArray patchLogits(NDArray bottleneck) {
    return last(bottleneck, lastLayer2 != null ? lastLayer2 : lastLayer);
  }

  /** CLS logits from bottleneck vectors. */
  public NDArray clsLogits(NDArray bottleneck) {
    return last(bottleneck, lastLayer);
  }

  /** Weight-normalised last layer with unit gain: rows of V scaled to length 1. */
  private static NDArray last(NDArray x, Parameter v) {
    NDArray w = Ops.adopt(l2normalize(v.getArray()), x.getManager()); // [K, B]
    return Linear.linear(x, w, null).singletonOrThrow();
  }

  /** {@code x / max(‖x‖, 1e-12)} over the last axis, as {@code F.normalize}. */
  static NDArray l2normalize(NDArray x) {
    NDArray norm = x.square().sum(new int[] {-1}, true).sqrt().maximum(1e-12f);
    return x.div(norm);
  }
}
