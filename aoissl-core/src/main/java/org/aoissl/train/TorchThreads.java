package org.aoissl.train;

import ai.djl.pytorch.jni.JniUtils;

/** libtorch's thread settings for training runs. */
public final class TorchThreads {
  private TorchThreads() {}

  /**
   * Re-applies libtorch's intra-op thread count, which also turns MKL's dynamic threading off
   * ({@code at::set_num_threads} calls {@code mkl_set_dynamic(false)}; DJL calls it only when {@code
   * ai.djl.pytorch.num_threads} is set). With it on, MKL may run a matmul on fewer threads when the
   * machine is busy, splitting its sums differently: a resumed run could then drift from the
   * uninterrupted one in the last bits (a DINO kill-and-resume test drifted once under heavy load, never
   * on a quiet machine; this is the suspected cause).
   */
  public static void pin() {
    try {
      JniUtils.setNumThreads(JniUtils.getNumThreads());
    } catch (RuntimeException | LinkageError e) {
      // another engine or an old libtorch: results stay correct, only less reproducible under load
    }
  }
}
