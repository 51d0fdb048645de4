package org.aoissl.pretrain.dino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CollapseGuardTest {
  @Test
  void logitSpreadIsTheStdAcrossRowsInTemperatureUnits() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      // logits / 0.5 = [[0, 4], [4, 0]]: each output's rows are 2 ± 2, population std 2.
      assertThat(CollapseGuard.logitSpread(m.create(new float[] {0, 2, 2, 0}, new Shape(2, 2)), 0.5))
          .isCloseTo(2.0, within(1e-6));
      // Rows that differ only by a constant shared by all rows would be 0 after centring: the same here.
      assertThat(CollapseGuard.logitSpread(m.create(new float[] {1, 3, 1, 3}, new Shape(2, 2)), 0.04))
          .isCloseTo(0.0, within(1e-6));
    }
  }

  @Test
  void meanCosineAveragesOverDifferentRowsOnly() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      // Rows [1,0], [0,2], [3,0]: cosines 0, 1, 0 over the three pairs.
      assertThat(CollapseGuard.meanCosine(m.create(new float[] {1, 0, 0, 2, 3, 0}, new Shape(3, 2))))
          .isCloseTo(1.0 / 3, within(1e-6));
    }
  }

  @Test
  void teacherInformationIsZeroForIdenticalRowsAndOneForDistinctOneHots() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      Map<String, Double> same = CollapseGuard.teacher(m.create(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, new Shape(2, 2)));
      assertThat(same.get("teacherInformation")).isCloseTo(0.0, within(1e-9));
      Map<String, Double> distinct = CollapseGuard.teacher(m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2)));
      assertThat(distinct.get("teacherInformation")).isCloseTo(1.0, within(1e-6));
      assertThat(CollapseGuard.warning(same)).contains("collapse suspected");
      assertThat(CollapseGuard.warning(distinct)).isNull();
      Map<String, Double> alike = new java.util.HashMap<>(same);
      alike.put("teacherLogitSpread", 0.3);
      assertThat(CollapseGuard.warning(alike)).contains("spread 0.30").contains("--teacher-temp (e.g. half");
      alike.put("teacherTemp", 0.01);
      assertThat(CollapseGuard.warning(alike)).contains("--teacher-temp (e.g. 0.00500)");
      alike.put("teacherLogitSpread", 2.0);
      assertThat(CollapseGuard.warning(alike)).doesNotContain("--teacher-temp");
    }
  }
}
