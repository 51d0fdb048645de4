package org.aoissl.pretrain.dino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import org.aoissl.model.NamedParams;
import org.aoissl.model.VitConfig;
import org.junit.jupiter.api.Test;

class StudentTeacherTest {
  private static final DinoConfig SMALL = new DinoConfig(16, 24, 8, 1, 16, 0.4, 0.05, 0.4, 0.1, 0.04, 0.04, 0,
      0.9, 0.996, 0.4, 1, 0);

  @Test
  void teacherStartsAsTheStudentUnderThePlainNamesAndIsFrozen() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager();
        StudentTeacher st = new StudentTeacher(VitConfig.preset("micro"), SMALL, true, m, 3)) {
      NamedParams p = st.params();
      assertThat(p.entry("blocks.0.attn.qkv.weight").trainable()).isFalse();
      assertThat(p.entry("student.blocks.0.attn.qkv.weight").trainable()).isTrue();
      assertThat(p.entry("blocks.0.attn.qkv.weight").array().toFloatArray())
          .containsExactly(p.entry("student.blocks.0.attn.qkv.weight").array().toFloatArray());
      assertThat(p.entry("dino_head.mlp.0.weight").array().toFloatArray())
          .containsExactly(p.entry("student.dino_head.mlp.0.weight").array().toFloatArray());
      assertThat(p.names()).contains("student.dino_head.last_layer2.weight_v").doesNotContain(
          "dino_head.last_layer2.weight_v");
      assertThat(st.lastLayerNames()).containsExactly("student.dino_head.last_layer.weight_v",
          "student.dino_head.last_layer2.weight_v");
      // Every name a plain encoder registers is the teacher's: PretrainCheckpoint.loadEncoder finds them.
      try (org.aoissl.model.VisionTransformer plain = org.aoissl.model.VisionTransformer.create(
          VitConfig.preset("micro"), m, 0)) {
        assertThat(p.names()).containsAll(plain.params().names());
        assertThat(st.teacher().namedParameters().keySet()).containsExactlyElementsOf(plain.params().names());
      }
    }
  }

  @Test
  void teacherEmaIsInPlaceAndMatchesTheFormula() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager();
        StudentTeacher st = new StudentTeacher(VitConfig.preset("micro"), SMALL, false, m, 3)) {
      NDArray s = st.params().entry("student.norm.weight").array();
      NDArray t = st.params().entry("norm.weight").array();
      s.set(new float[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
        31, 32});
      float[] before = t.toFloatArray(); // ones, as the student was at the start
      st.updateTeacher(0.9);
      float[] after = t.toFloatArray();
      for (int i = 0; i < 32; i++) {
        assertThat(after[i]).isCloseTo(0.9f * before[i] + 0.1f * (i + 1), within(1e-6f));
      }
      assertThat(st.params().entry("norm.weight").array()).isSameAs(t);
      // The head's last layer is a cosine: outputs stay in [-1, 1] whatever the input scale.
      try (NDScope ignored = new NDScope()) {
        NDArray x = m.randomNormal(new Shape(4, 32)).mul(100);
        for (float v : st.studentHead().forward(x).toFloatArray()) {
          assertThat(v).isBetween(-1.0001f, 1.0001f);
        }
      }
    }
  }
}
