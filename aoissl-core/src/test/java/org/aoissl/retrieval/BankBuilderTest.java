package org.aoissl.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Example;
import org.aoissl.data.Mask;
import org.aoissl.data.augment.Augmented;
import org.aoissl.io.BadInputException;
import org.aoissl.model.VisionTransformer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BankBuilderTest {
  static NDManager manager;
  static VisionTransformer vit;
  static PatchEncoder enc;
  static List<Example> support;

  @BeforeAll
  static void setUp() {
    manager = Engine.getEngine("PyTorch").newBaseManager();
    vit = BankFixtures.microVit(manager, 64, 11);
    enc = new PatchEncoder(vit, BankFixtures.NORM, BankFixtures.id(vit, "0000beef"));
    support = BankFixtures.support(3, 64, 21);
  }

  @AfterAll
  static void tearDown() {
    enc.close();
    vit.close();
    manager.close();
  }

  @Test
  void everyLabeledPatchBecomesAnEntryWithItsKeyAndFractions() throws IOException {
    List<Integer> progress = new ArrayList<>();
    MemoryBank b = BankBuilder.build(enc, support, ClassSet.DEFAULT, BankConfig.DEFAULT, progress::add);
    assertThat(progress).containsExactly(1, 2, 3);
    assertThat(b.numImages()).isEqualTo(3);
    assertThat(b.encoder()).isEqualTo(enc.id());
    int expected = 0;
    for (BankImage im : b.images()) {
      expected += PatchLabels.of(im.mask(), 8).validCount();
    }
    assertThat(b.size()).isEqualTo(expected).isEqualTo(3 * 64); // synthetic borders are thin: no patch fully ignored
    PatchEncoder.Encoded e = enc.encode(support.get(1).image());
    PatchLabels l = PatchLabels.of(support.get(1).mask(), 8);
    for (int i = 0; i < b.size(); i++) {
      if (b.imageOf(i) != 1) {
        continue;
      }
      int cell = b.cellOf(i);
      float[] key = java.util.Arrays.copyOfRange(e.patches(), cell * 32, (cell + 1) * 32);
      assertThat(b.key(i)).containsExactly(key);
      for (int k = 0; k < 4; k++) {
        assertThat(b.fraction(i, k)).isEqualTo(l.fraction(cell, k));
      }
    }
    assertThat(b.image(1).cls()).containsExactly(e.cls());
    assertThat(b.image(1).mask()).isEqualTo(support.get(1).mask());
  }

  @Test
  void addingImagesGivesTheBankARebuildWouldGive() throws IOException {
    BankConfig cfg = new BankConfig(2, 20, true, 7);
    MemoryBank all = BankBuilder.build(enc, support, ClassSet.DEFAULT, cfg, n -> {});
    MemoryBank grown = BankBuilder.build(enc, support.subList(0, 1), ClassSet.DEFAULT, cfg, n -> {});
    BankBuilder.add(grown, enc, support.subList(1, 3), ClassSet.DEFAULT, cfg, n -> {});
    assertThat(all.numImages()).isEqualTo(9); // three images, each with two augmented views
    assertThat(all.image(4).view()).isEqualTo(1);
    BankFixtures.assertSameContent(all, grown);

    assertThatThrownBy(() -> BankBuilder.add(grown, enc, support, ClassSet.DEFAULT, BankConfig.DEFAULT, n -> {}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ from a rebuild");
  }

  @Test
  void boundedBanksKeepEveryRareClassPatchAndAtMostNPerImage() throws IOException {
    int max = 12;
    MemoryBank b = BankBuilder.build(enc, support, ClassSet.DEFAULT, new BankConfig(1, max, false, 3), n -> {});
    assertThat(b.numImages()).isEqualTo(6); // every view keeps its image record
    int[] perImage = new int[b.numImages()];
    for (int i = 0; i < b.size(); i++) {
      perImage[b.imageOf(i)]++;
    }
    for (int im = 0; im < b.numImages(); im++) {
      assertThat(perImage[im]).as("entries of image %d", im).isEqualTo(max);
      PatchLabels l = PatchLabels.of(b.image(im).mask(), 8);
      // The rarest class present (if its patches fit in N) is kept whole.
      int rarest = -1;
      int fewest = Integer.MAX_VALUE;
      for (int k = 0; k < 4; k++) {
        int n = 0;
        for (int c = 0; c < l.cells(); c++) {
          n += (l.presence(c) & (1 << k)) != 0 ? 1 : 0;
        }
        if (n > 0 && n < fewest) {
          fewest = n;
          rarest = k;
        }
      }
      assertThat(fewest).as("image %d has a rare class", im).isLessThanOrEqualTo(max);
      List<Integer> kept = new ArrayList<>();
      for (int i = 0; i < b.size(); i++) {
        if (b.imageOf(i) == im) {
          kept.add(b.cellOf(i));
        }
      }
      for (int c = 0; c < l.cells(); c++) {
        if ((l.presence(c) & (1 << rarest)) != 0) {
          assertThat(kept).as("image %d keeps cell %d of class %d", im, c, rarest).contains(c);
        }
      }
    }
  }

  @Test
  void augmentedViewsAreReproducibleFromTheSeedAndStayAligned() {
    Example ex = support.get(0);
    Augmented a = BankBuilder.view(ex.image(), ex.mask(), 5, "s0", 1);
    Augmented again = BankBuilder.view(ex.image(), ex.mask(), 5, "s0", 1);
    Augmented other = BankBuilder.view(ex.image(), ex.mask(), 5, "s0", 2);
    assertThat(again.image().data()).containsExactly(a.image().data());
    assertThat(again.mask()).isEqualTo(a.mask());
    assertThat(other.image().data()).isNotEqualTo(a.image().data());
    assertThat(BankBuilder.view(ex.image(), ex.mask(), 6, "s0", 1).image().data()).isNotEqualTo(a.image().data());
    assertThat(a.mask().height()).isEqualTo(a.image().height());
    assertThat(a.image().height() % 8).isZero();
  }

  @Test
  void unusableSupportIsRefusedNamingTheFile() throws IOException {
    Example ex = support.get(0);
    Example unlabeled = new Example(ex.sample(), ex.image(), null);
    assertThatThrownBy(() -> BankBuilder.build(enc, List.of(ex, unlabeled), ClassSet.DEFAULT, BankConfig.DEFAULT,
        n -> {}))
        .isInstanceOf(BadInputException.class)
        .hasMessage(Path.of("support", "s0_buffer0.png") + ": has no label; every support image needs a mask");

    MemoryBank b = BankBuilder.build(enc, List.of(ex), ClassSet.DEFAULT, BankConfig.DEFAULT, n -> {});
    ClassSet other = ClassSet.of("wire", "ball", "wedge", "glue");
    assertThatThrownBy(() -> BankBuilder.add(b, enc, List.of(support.get(1)), other, BankConfig.DEFAULT, n -> {}))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("s1.png: the support set's classes (wire,ball,wedge,glue) differ from the bank's");
    Example threeClasses = new Example(ex.sample(), ex.image(), new Mask(3, 64, 64));
    assertThatThrownBy(() -> BankBuilder.add(b, enc, List.of(threeClasses), ClassSet.DEFAULT, BankConfig.DEFAULT,
        n -> {}))
        .isInstanceOf(BadInputException.class).hasMessageContaining("has 3 classes; the bank has 4");
    assertThat(b.numImages()).isEqualTo(1); // nothing half-added

    EncoderId otherId = BankFixtures.id(vit, "0000f00d");
    try (PatchEncoder otherEnc = new PatchEncoder(vit, BankFixtures.NORM, otherId)) {
      assertThatThrownBy(() -> BankBuilder.add(b, otherEnc, List.of(support.get(1)), ClassSet.DEFAULT,
          BankConfig.DEFAULT, n -> {}))
          .isInstanceOf(BadInputException.class).hasMessageContaining("was built with encoder micro.ckpt (checksum 0000beef");
    }
  }
}
