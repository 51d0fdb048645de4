package org.aoissl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Bilinear resizing of {@code [N, C, h, w]} maps with gradients, as PyTorch's {@code
 * F.interpolate(mode="bilinear", align_corners=False)}: DJL 0.36 has no differentiable bilinear resize,
 * so it is reached through a one-line {@link TorchScript} module (autograd flows through it as through
 * any libtorch op). {@code retrieval.ScoreMaps.upsample} computes the same in Java for inference.
 */
public final class Interpolate {
  private Interpolate() {}

  private static final class Holder {
    static final PtSymbolBlock MODULE = load();
  }

  /** {@code [N, C, h, w] -> [N, C, outH, outW]}, on {@code x}'s manager. */
  public static NDArray bilinear(NDArray x, int outH, int outW) {
    if (x.getShape().dimension() != 4) {
      throw new IllegalArgumentException("expected [N, C, h, w]; got " + x.getShape());
    }
    NDArray size = x.getManager().create(new long[] {outH, outW});
    try {
      return IValueUtils.forward(Holder.MODULE, new NDList(x, size), JniUtils.isGradMode()).singletonOrThrow();
    } finally {
      size.close();
    }
  }

  private static PtSymbolBlock load() {
    try {
      return TorchScript.load("Bilinear", String.join("\n",
          "  def forward(self: __torch__.Bilinear, x: Tensor, size: Tensor) -> Tensor:",
          "    return torch.upsample_bilinear2d(x, [int(size[0]), int(size[1])], False, None, None)",
          ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
