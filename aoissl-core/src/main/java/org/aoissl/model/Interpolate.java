package org.aoissl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
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

  /**
   * Exactly {@code bilinear(x, 2h, 2w)}, written with DJL's own differentiable ops: with a scale of two,
   * PyTorch's source coordinate {@code (dst + 0.5) / 2 − 0.5} puts each output pixel a quarter of the
   * way to one neighbour, so output row {@code 2i} is {@code 0.75·x[i] + 0.25·x[i−1]} and row {@code
   * 2i+1} is {@code 0.75·x[i] + 0.25·x[i+1]}, edges clamped. The U-Net uses it: plain libtorch
   * arithmetic, no TorchScript module, so its numerics do not change when the script executor
   * re-optimises a module after its first calls (a resumed run in a new JVM would otherwise differ).
   */
  public static NDArray upsample2x(NDArray x) {
    return upsample2xAxis(upsample2xAxis(x, 2), 3);
  }

  /** Doubles axis 2 or 3 of {@code [N, C, h, w]}. */
  private static NDArray upsample2xAxis(NDArray x, int axis) {
    long n = x.getShape().get(axis);
    String all = ":, :, ";
    String prefix = axis == 2 ? all : all + ":, ";
    NDArray first = x.get(prefix + "0:1");
    NDArray last = x.get(prefix + (n - 1) + ":" + n);
    NDArray prev = n == 1 ? first : first.concat(x.get(prefix + "0:" + (n - 1)), axis); // x[i-1], clamped
    NDArray next = n == 1 ? last : x.get(prefix + "1:" + n).concat(last, axis); // x[i+1], clamped
    NDArray even = x.mul(0.75f).add(prev.mul(0.25f));
    NDArray odd = x.mul(0.75f).add(next.mul(0.25f));
    Shape s = x.getShape();
    NDArray both = even.stack(odd, axis + 1); // [.., n, 2, ..] interleaves rows (or columns)
    return axis == 2 ? both.reshape(s.get(0), s.get(1), 2 * n, s.get(3))
        : both.reshape(s.get(0), s.get(1), s.get(2), 2 * n);
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
