package org.aoissl.experiment;

import java.util.List;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Example;
import org.aoissl.data.Mask;
import org.aoissl.eval.SegmentationMeter;
import org.aoissl.finetune.SegPredictor;
import org.aoissl.retrieval.BankIndex;
import org.aoissl.retrieval.NeighborIndex;
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.PatchEncoder;
import org.aoissl.retrieval.ScoreRefiner;
import org.aoissl.retrieval.SegmentOptions;
import org.aoissl.retrieval.Segmenter;

/** Segments a labeled test set in process and scores it (pooled IoU, clDice at tolerance 2). */
public final class Evaluations {
  /** A run's scores, its mean time per image split into stages, and its predicted masks in test order. */
  public record Run(Scores scores, Segmenter.Timing perImage, List<Mask> masks) {}

  private Evaluations() {}

  /** Retrieval with exact search over the whole bank. */
  public static Run retrieval(PatchEncoder enc, MemoryBank bank, SegmentOptions opts, List<Example> test,
      ClassSet classes) {
    return retrieval(enc, bank, opts, test, classes, null);
  }

  /**
   * Retrieval with exact search over the whole bank (through its PCA projection when it has one, as
   * {@code segment} searches), its scores through {@code refiner} (may be null).
   */
  public static Run retrieval(PatchEncoder enc, MemoryBank bank, SegmentOptions opts, List<Example> test,
      ClassSet classes, ScoreRefiner refiner) {
    SegmentationMeter meter = new SegmentationMeter(classes, 2);
    long[] t = new long[3];
    List<Mask> masks = new java.util.ArrayList<>();
    try (NeighborIndex index = exact(bank)) {
      Segmenter seg = new Segmenter(enc, bank, index, opts, java.util.Set.of(), refiner);
      for (Example e : test) {
        Segmenter.Prediction p = seg.segment(e.image());
        meter.add(e.sample().id(), p.mask(), e.mask());
        masks.add(p.mask());
        t[0] += p.timing().encode();
        t[1] += p.timing().search();
        t[2] += p.timing().aggregate();
      }
    }
    int n = test.size();
    Segmenter.Timing per = new Segmenter.Timing(t[0] / n, t[1] / n, t[2] / n);
    return new Run(Scores.of(meter.report(), per.total() / 1e6), per, masks);
  }

  /** A fine-tuned model; its whole time per image counts as "encode". */
  public static Run finetuned(SegPredictor predictor, List<Example> test, ClassSet classes) {
    SegmentationMeter meter = new SegmentationMeter(classes, 2);
    long nanos = 0;
    List<Mask> masks = new java.util.ArrayList<>();
    for (Example e : test) {
      SegPredictor.Prediction p = predictor.predict(e.image());
      meter.add(e.sample().id(), p.mask(), e.mask());
      masks.add(p.mask());
      nanos += p.nanos();
    }
    long per = nanos / test.size();
    return new Run(Scores.of(meter.report(), per / 1e6), new Segmenter.Timing(per, 0, 0), masks);
  }

  private static NeighborIndex exact(MemoryBank bank) {
    try {
      return BankIndex.open("exact", bank, null);
    } catch (java.io.IOException e) {
      // Exact search reads no file.
      throw new java.io.UncheckedIOException(e);
    }
  }
}
