package org.aoissl.refine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Example;
import org.aoissl.data.Mask;
import org.aoissl.data.Normalization;
import org.aoissl.data.Sample;
import org.aoissl.model.VisionTransformer;
import org.aoissl.model.VitConfig;
import org.aoissl.retrieval.BankBuilder;
import org.aoissl.retrieval.BankConfig;
import org.aoissl.retrieval.BankFile;
import org.aoissl.retrieval.EncoderId;
import org.aoissl.retrieval.LeaveImageOut;
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.PatchEncoder;
import org.aoissl.retrieval.SegmentOptions;
import org.aoissl.retrieval.Thresholds;
import org.aoissl.synth.DeviceSpec;
import org.aoissl.synth.SceneGenerator;
import org.aoissl.synth.SynthSample;
import org.aoissl.train.TrainListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The refiner learns a tiny case: trained on three support images with their leave-image-out scores,
 * its masks of those same inputs beat thresholding the scores, and it reads back from the bank file to
 * give the same probabilities.
 */
class RefinerTest {
  static final Normalization NORM = new Normalization(new float[] {0.4f, 0.5f}, new float[] {0.2f, 0.25f});
  @TempDir static Path dir;
  static NDManager manager;
  static VisionTransformer vit;
  static PatchEncoder enc;
  static List<Example> support = new ArrayList<>();
  static MemoryBank bank;

  @BeforeAll
  static void setUp() throws IOException {
    manager = Engine.getEngine("PyTorch").newBaseManager();
    vit = VisionTransformer.create(VitConfig.preset("micro", 64, 2), manager, 13);
    enc = new PatchEncoder(vit, NORM, EncoderId.of("micro.ckpt", "0000f00d", vit.config(), NORM,
        PatchEncoder.DEFAULT_TILE));
    SceneGenerator gen = new SceneGenerator();
    DeviceSpec dev = DeviceSpec.sample("devA", 41, 64);
    for (int i = 0; i < 3; i++) {
      SynthSample s = gen.render(dev, 4100 + i);
      Sample smp = new Sample("s" + i, s.device(), List.of(Path.of("s" + i + "_buffer0.png")),
          Path.of("lbl", "s" + i + ".png"));
      support.add(new Example(smp, s.image(), s.mask()));
    }
    bank = BankBuilder.build(enc, support, ClassSet.DEFAULT, new BankConfig(0, 0, true, 0), n -> { });
  }

  @AfterAll
  static void tearDown() {
    enc.close();
    vit.close();
    manager.close();
  }

  /** Pooled IoU over all classes of a multi-label mask. */
  static double iou(Mask pred, Mask truth) {
    long inter = 0;
    long union = 0;
    for (int y = 0; y < truth.height(); y++) {
      for (int x = 0; x < truth.width(); x++) {
        if (truth.isIgnored(y, x)) {
          continue;
        }
        int p = pred.classBits(y, x);
        int t = truth.classBits(y, x);
        inter += Integer.bitCount(p & t);
        union += Integer.bitCount(p | t);
      }
    }
    return (double) inter / Math.max(1, union);
  }

  @Test
  void overfitsATinyCaseAndReadsBackFromTheBank() throws IOException {
    SegmentOptions opts = new SegmentOptions("distance", 3, 0.05f, new float[] {0.5f, 0.5f, 0.5f, 0.5f}, true, false,
        false);
    List<Example> inputs = RefinerTrainer.inputs(bank, enc, opts, support, n -> { });
    RefinerConfig cfg = new RefinerConfig(8, 2, 32, 4, 0, 300, 1e-2, 5, true);
    RefinerTrainer.Result r = RefinerTrainer.train(bank, opts, inputs, 0, cfg, dir, new TrainListener() { });
    bank.setRefiner(r.contents());
    Path file = dir.resolve("r.bank");
    BankFile.write(file, bank);
    MemoryBank read = BankFile.read(file);
    int k = bank.numClasses();
    double retrieval = 0;
    double refined = 0;
    try (Refiner a = Refiner.open(r.contents(), file); Refiner b = Refiner.open(read.refiner(), file)) {
      assertThat(b.state()).usingRecursiveComparison().isEqualTo(a.state());
      for (Example e : support) {
        float[] scores = LeaveImageOut.scores(bank, enc, opts, e.sample().id(), e.image());
        Mask plain = Thresholds.apply(scores, opts.thresholds(), k, e.image().height(), e.image().width());
        float[] pa = a.refine(e.image(), scores);
        assertThat(b.refine(e.image(), scores)).containsExactly(pa);
        Mask fine = Thresholds.apply(pa, opts.thresholds(), k, e.image().height(), e.image().width());
        retrieval += iou(plain, e.mask()) / support.size();
        refined += iou(fine, e.mask()) / support.size();
      }
    }
    System.out.printf("leave-image-out IoU: retrieval %.3f, refined %.3f%n", retrieval, refined);
    assertThat(refined).isGreaterThan(retrieval + 0.1).isGreaterThan(0.6);
  }
}
