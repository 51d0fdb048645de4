package org.aoissl.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class SegLossTest {
  private static double bce(double x, double y) {
    double p = 1 / (1 + Math.exp(-x));
    return -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
  }

  private static double sig(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  @Test
  void bceAndDiceMatchAHandComputationAndSkipIgnoredPixels() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      // One image, 2 classes, 1x3 pixels; the last pixel is ignored (its huge logits must not count).
      float[] x = {2f, -1f, 50f, 0.5f, 3f, -50f};
      float[] y = {1f, 0f, 0f, 1f, 1f, 1f};
      NDArray logits = m.create(x, new Shape(1, 2, 1, 3));
      NDArray targets = m.create(y, new Shape(1, 2, 1, 3));
      NDArray valid = m.create(new float[] {1f, 1f, 0f}, new Shape(1, 1, 1, 3));
      double expectBce = (bce(2, 1) + bce(-1, 0) + bce(0.5, 1) + bce(3, 1)) / 4;
      assertThat(SegLoss.bce(logits, targets, valid).getFloat()).isEqualTo((float) expectBce, offset(1e-6f));
      // Dice per class over labeled pixels: class 0: p = (s(2), s(-1)), y = (1, 0); class 1: p = (s(.5), s(3)), y = (1, 1).
      double d0 = (2 * sig(2) + 1) / (sig(2) + sig(-1) + 1 + 1);
      double d1 = (2 * (sig(0.5) + sig(3)) + 1) / (sig(0.5) + sig(3) + 2 + 1);
      double expectDice = 1 - (d0 + d1) / 2;
      assertThat(SegLoss.dice(logits, targets, valid).getFloat()).isEqualTo((float) expectDice, offset(1e-6f));
      assertThat(SegLoss.loss(logits, targets, valid, 0.5).getFloat())
          .isEqualTo((float) (expectBce + 0.5 * expectDice), offset(1e-6f));
    }
  }

  @Test
  void bceStaysFiniteForHugeLogits() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray logits = m.create(new float[] {200f, -200f}, new Shape(1, 1, 1, 2));
      NDArray targets = m.create(new float[] {0f, 1f}, new Shape(1, 1, 1, 2));
      NDArray valid = m.create(new float[] {1f, 1f}, new Shape(1, 1, 1, 2));
      assertThat(SegLoss.bce(logits, targets, valid).getFloat()).isEqualTo(200f, offset(1e-3f));
    }
  }
}
