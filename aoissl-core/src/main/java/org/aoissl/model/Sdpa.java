package org.aoissl.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scaled dot-product attention {@code softmax(q·kᵀ/√Dh)·v} over {@code [N, H, L, Dh]} arrays.
 *
 * <p>DJL 0.36 exposes no {@code scaled_dot_product_attention}, but the libtorch it ships has it, with
 * a fused CPU kernel (flash attention: the {@code L×L} weights are never stored, and backward
 * recomputes them blockwise). We reach it through a one-line TorchScript module whose archive is
 * written here in memory (source text, a pickled module object, a version record) and loaded with
 * DJL: no file, no Python, nothing downloaded. DJL runs the module with autograd on when asked to
 * train, so gradients flow to q, k and v. If the module cannot be loaded, or {@code
 * -Daoissl.sdpa=false} is set, the same function is computed with explicit matmul and softmax ops.
 */
public final class Sdpa {
  private static final Logger LOG = LoggerFactory.getLogger(Sdpa.class);

  private static volatile boolean enabled = !"false".equals(System.getProperty("aoissl.sdpa"));

  private Sdpa() {}

  /** The fused module, loaded on first use; null when unavailable. */
  private static final class Holder {
    static final PtSymbolBlock MODULE = load();
  }

  /**
   * {@code softmax(q·kᵀ/√Dh)·v}: {@code [N, H, L, Dh]} each (views are fine if the last axis is
   * contiguous) to {@code [N, H, L, Dh]}, on {@code q}'s manager. Records gradients when grad mode
   * is on. The fused kernel's result may be a strided view laid out as {@code [N, L, H, Dh]}.
   */
  public static NDArray attend(NDArray q, NDArray k, NDArray v) {
    if (enabled && q instanceof PtNDArray && Holder.MODULE != null) {
      return IValueUtils.forward(Holder.MODULE, new NDList(q, k, v), JniUtils.isGradMode())
          .singletonOrThrow();
    }
    return explicit(q, k, v);
  }

  /** The same function with separate ops (stores the {@code [N, H, L, L]} weights for backward). */
  public static NDArray explicit(NDArray q, NDArray k, NDArray v) {
    float scale = (float) (1.0 / Math.sqrt(q.getShape().get(3)));
    // Scaling q costs L·Dh per head, scaling the scores L·L.
    return q.mul(scale).matMul(k.swapAxes(2, 3)).softmax(3).matMul(v);
  }

  /** Whether {@link #attend} uses libtorch's fused kernel. */
  public static boolean fused() {
    return enabled && Holder.MODULE != null;
  }

  /** Turns the fused kernel off (explicit ops) or back on; for benchmarks and as an escape hatch. */
  public static void setEnabled(boolean on) {
    enabled = on;
  }

  private static PtSymbolBlock load() {
    try {
      Engine engine = Engine.getEngine("PyTorch");
      // A manager for the life of the JVM: the module is tiny and shared by every model.
      PtNDManager manager = (PtNDManager) engine.newBaseManager();
      return JniUtils.loadModule(manager, new ByteArrayInputStream(archive()), true, false);
    } catch (RuntimeException | IOException | LinkageError e) {
      LOG.warn("fused scaled_dot_product_attention unavailable, using explicit ops: {}", e.toString());
      return null;
    }
  }

  /**
   * A TorchScript archive (the layout {@code torch.jit.save} writes) of a module with no parameters
   * whose {@code forward(q, k, v)} calls {@code torch.scaled_dot_product_attention}.
   */
  static byte[] archive() throws IOException {
    String code = String.join("\n",
        "class Sdpa(Module):",
        "  __parameters__ = []",
        "  __buffers__ = []",
        "  training : bool",
        "  def forward(self: __torch__.Sdpa, q: Tensor, k: Tensor, v: Tensor) -> Tensor:",
        "    return torch.scaled_dot_product_attention(q, k, v)",
        "");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      stored(zip, "sdpa/data.pkl", modulePickle());
      stored(zip, "sdpa/code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
      // An empty tuple: the module has no tensor constants.
      stored(zip, "sdpa/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
      stored(zip, "sdpa/version", "3\n".getBytes(StandardCharsets.US_ASCII));
    }
    return bytes.toByteArray();
  }

  /**
   * Pickle protocol 2 of an instance of {@code __torch__.Sdpa} whose state is {@code {"training":
   * True}}: GLOBAL, empty args, NEWOBJ, then a dict applied with BUILD.
   */
  private static byte[] modulePickle() {
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.writeBytes(new byte[] {(byte) 0x80, 2, 'c'}); // PROTO 2, GLOBAL
    p.writeBytes("__torch__\nSdpa\n".getBytes(StandardCharsets.US_ASCII));
    p.writeBytes(new byte[] {'q', 0, ')', (byte) 0x81, '}', '('}); // BINPUT, (), NEWOBJ, {}, MARK
    p.writeBytes(new byte[] {'X', 8, 0, 0, 0}); // BINUNICODE of 8 bytes
    p.writeBytes("training".getBytes(StandardCharsets.US_ASCII));
    p.writeBytes(new byte[] {'q', 1, (byte) 0x88, 'u', 'b', 'q', 2, '.'}); // True, SETITEMS, BUILD
    return p.toByteArray();
  }

  private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(data.length);
    e.setCompressedSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    e.setCrc(crc.getValue());
    zip.putNextEntry(e);
    zip.write(data);
    zip.closeEntry();
  }
}
