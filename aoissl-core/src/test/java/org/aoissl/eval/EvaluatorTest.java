package org.aoissl.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aoissl.data.AoiImage;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Dataset;
import org.aoissl.data.DatasetLayouts;
import org.aoissl.data.DatasetOptions;
import org.aoissl.data.ImageCodec;
import org.aoissl.data.LabelEncoding;
import org.aoissl.data.Mask;
import org.aoissl.data.MaskCodec;
import org.aoissl.io.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluatorTest {
  @TempDir Path dir;

  /**
   * Ground truth (aoi-ssl layout, id labels; 1 = wire, 4 = epoxy, x = ignore) and bit-packed
   * predictions (1 = wire, 8 = epoxy) of two 4x6 images.
   */
  private void write(boolean labelsSubfolder) throws IOException {
    image("d01_a", Masks.of(4, "1111..", ".....x", "..88..", "..88.."));
    image("d01_b", Masks.of(4, "11....", "......", "......", "......"));
    Path p = labelsSubfolder ? dir.resolve("pred/labels") : dir.resolve("pred");
    MaskCodec.write(p.resolve("d01_a.png"),
        Masks.of(4, "1111..", ".....1", "..88..", "..888."), LabelEncoding.BITS);
    MaskCodec.write(p.resolve("d01_b.png"),
        Masks.of(4, "111111", "......", "......", "......"), LabelEncoding.BITS);
  }

  private void image(String stem, Mask gt) throws IOException {
    AoiImage img = AoiImage.zeros(2, gt.height(), gt.width(), 8);
    ImageCodec.writePng(dir.resolve("gt/image/" + stem + "_buffer0.png"), img, 0);
    ImageCodec.writePng(dir.resolve("gt/image/" + stem + "_buffer1.png"), img, 1);
    MaskCodec.write(dir.resolve("gt/lbl/" + stem + ".png"), gt, LabelEncoding.IDS);
  }

  private List<Dataset> gt() throws IOException {
    return DatasetLayouts.openAll(dir.resolve("gt"), DatasetOptions.DEFAULT);
  }

  @Test
  void scoresEveryLabeledImageAgainstItsPrediction() throws IOException {
    write(true);
    List<Integer> done = new ArrayList<>();
    SegmentationReport r = Evaluator.evaluate(
        dir.resolve("pred"), gt(), ClassSet.DEFAULT, 2, LabelEncoding.BITS, done::add);
    assertThat(done).containsExactly(1, 2);
    assertThat(r.images()).isEqualTo(2);
    ClassScores wire = r.classes().get(0);
    ClassScores epoxy = r.classes().get(3);
    // wire: a TP 4; b TP 2, FP 4 (the ignored pixel's FP is not counted).
    assertThat(wire.tp()).isEqualTo(6);
    assertThat(wire.fp()).isEqualTo(4);
    assertThat(wire.fn()).isZero();
    assertThat(wire.iou()).isCloseTo(0.6, within(1e-12));
    assertThat(wire.iouPerImage()).isCloseTo((1 + 1.0 / 3) / 2, within(1e-12));
    assertThat(epoxy.iou()).isCloseTo(0.8, within(1e-12));
    assertThat(r.classes().get(1).iou()).isNaN();
    assertThat(r.miou()).isCloseTo(0.7, within(1e-12));
    // wire skeletons: a (4,4,4,4), b (2,6,2,2): Tprec 6/10, Tsens 1.
    assertThat(wire.clDice()).isCloseTo(0.75, within(1e-12));
    // wire boundary: precision (4+4)/(4+6), recall 1.
    assertThat(wire.boundaryF1()).isCloseTo(2 * 0.8 / 1.8, within(1e-12));
    assertThat(epoxy.boundaryF1()).isEqualTo(1.0);
    assertThat(r.confusion()[0][0]).isEqualTo(6);
    assertThat(r.confusion()[4][0]).isEqualTo(4);
    assertThat(r.confusion()[4][3]).isEqualTo(1);
    assertThat(r.confusion()[4][4]).isEqualTo(32);
  }

  @Test
  void predictionsMayLieDirectlyInTheFolder() throws IOException {
    write(false);
    SegmentationReport r = Evaluator.evaluate(dir.resolve("pred"), gt(), ClassSet.DEFAULT, 2);
    assertThat(r.miou()).isCloseTo(0.7, within(1e-12));
  }

  @Test
  void aMissingPredictionIsBadInputNamingTheFile() throws IOException {
    write(true);
    Files.delete(dir.resolve("pred/labels/d01_b.png"));
    assertThatThrownBy(() -> Evaluator.evaluate(dir.resolve("pred"), gt(), ClassSet.DEFAULT, 2))
        .isInstanceOf(BadInputException.class)
        .hasMessage(dir.resolve("pred/labels/d01_b.png")
            + ": missing prediction for ground-truth image d01_b");
  }

  @Test
  void aPredictionOfAnotherSizeIsBadInput() throws IOException {
    write(true);
    MaskCodec.write(dir.resolve("pred/labels/d01_b.png"), new Mask(4, 3, 6), LabelEncoding.BITS);
    assertThatThrownBy(() -> Evaluator.evaluate(dir.resolve("pred"), gt(), ClassSet.DEFAULT, 2))
        .isInstanceOf(BadInputException.class)
        .hasMessage(dir.resolve("pred/labels/d01_b.png")
            + ": prediction is 6x3 but ground truth d01_b is 6x4");
  }

  @Test
  void otherClassesThanTheDatasetsAreBadInput() throws IOException {
    write(true);
    assertThatThrownBy(() -> Evaluator.evaluate(dir.resolve("pred"), gt(), ClassSet.of("wire"), 2))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("dataset classes [wire,ball,wedge,epoxy] differ");
  }

  @Test
  void unlabeledDatasetsAreSkippedAndNoLabelsAtAllIsBadInput() throws IOException {
    write(true);
    AoiImage img = AoiImage.zeros(2, 4, 6, 8);
    ImageCodec.writePng(dir.resolve("unlabeled/image/d01_c_buffer0.png"), img, 0);
    ImageCodec.writePng(dir.resolve("unlabeled/image/d01_c_buffer1.png"), img, 1);
    List<Dataset> both = new ArrayList<>(gt());
    both.addAll(DatasetLayouts.openAll(dir.resolve("unlabeled"), DatasetOptions.DEFAULT));
    assertThat(Evaluator.labeledCount(both)).isEqualTo(2);
    assertThat(Evaluator.evaluate(dir.resolve("pred"), both, null, 2).images()).isEqualTo(2);
    List<Dataset> none = both.subList(1, 2);
    assertThatThrownBy(() -> Evaluator.evaluate(dir.resolve("pred"), none, null, 2))
        .isInstanceOf(BadInputException.class)
        .hasMessage(dir.resolve("unlabeled") + ": no labeled images to evaluate against");
  }
}
