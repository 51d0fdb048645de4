package org.aoissl.experiment;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Example;
import org.aoissl.retrieval.BankSettings;
import org.aoissl.retrieval.BankTuner;
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.PatchEncoder;
import org.aoissl.retrieval.SegmentOptions;

/**
 * The retrieval settings an experiment uses: tuned by 3-fold cross-validation on the support set when
 * it has two images or more (as {@code aoissl bank tune}), else the defaults with label-block voting.
 */
final class BankTuning {
  private final List<BankTuner.Candidate> candidates;
  private final BankSettings best;

  private BankTuning(List<BankTuner.Candidate> candidates, BankSettings best) {
    this.candidates = candidates;
    this.best = best;
  }

  static BankTuning of(MemoryBank bank, PatchEncoder enc, List<Example> support, long seed) {
    if (support.size() < 2) {
      BankSettings d = BankSettings.defaults(bank.classes().size());
      return new BankTuning(List.of(), new BankSettings(d.method(), d.k(), d.beta(), d.thresholds(), true, false,
          "defaults: one support image, nothing to cross-validate"));
    }
    Map<String, AoiImage> byId = new HashMap<>();
    support.forEach(e -> byId.put(e.sample().id(), e.image()));
    List<BankTuner.Query> queries = BankTuner.encodeSupport(bank, enc, byId::get, n -> { });
    BankTuner.Result r = BankTuner.tune(bank, queries, 3, seed, n -> { });
    return new BankTuning(r.candidates(), r.best());
  }

  /** The best setting overall, as a bank stores it. */
  BankSettings settings() {
    return best;
  }

  /** The best setting overall, without refinements. */
  SegmentOptions best() {
    return SegmentOptions.of(best);
  }

  /** The best setting of one aggregator and label mode (the defaults when nothing was tuned). */
  SegmentOptions best(String method, boolean blocks) {
    if (candidates.isEmpty()) {
      return SegmentOptions.of(best).withMethod(method).withRefinements(blocks && !method.equals("image"), false,
          false);
    }
    return candidates.stream().filter(c -> c.method().equals(method) && c.blocks() == blocks)
        .max(Comparator.comparingDouble(BankTuner.Candidate::miou))
        .map(c -> SegmentOptions.of(c.settings("")))
        .orElseGet(() -> SegmentOptions.of(best).withMethod(method).withRefinements(false, false, false));
  }
}
