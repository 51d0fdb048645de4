package org.aoissl.retrieval;

import org.slf4j.LoggerFactory;

/** Chooses the {@link ScoreKernel} once per JVM. */
final class Kernels {
  static final ScoreKernel FASTEST = choose();

  private Kernels() {}

  private static ScoreKernel choose() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      try { // by name: this class must load where the vector module is absent
        return (ScoreKernel) Class.forName("org.aoissl.retrieval.VectorScoreKernel").getDeclaredConstructor()
            .newInstance();
      } catch (ReflectiveOperationException | LinkageError e) {
        LoggerFactory.getLogger(Kernels.class).warn("the SIMD kernel did not load: {}", e.toString());
      }
    }
    LoggerFactory.getLogger(Kernels.class).warn("inverted-file search runs without SIMD, about ten times slower: "
        + "start Java with --add-modules jdk.incubator.vector (the aoissl launcher does)");
    return new ScalarScoreKernel();
  }

  /** Whether searches use the SIMD kernel (reported by the benchmarks). */
  static boolean simd() {
    return !(FASTEST instanceof ScalarScoreKernel);
  }
}
