package org.aoissl.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aoissl.data.AoiImage;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Example;
import org.aoissl.retrieval.Aggregators;
import org.aoissl.retrieval.BankSettings;
import org.aoissl.retrieval.BankTuner;
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.PatchEncoder;
import org.aoissl.retrieval.SegmentOptions;

/**
 * Every aggregator and label mode, each tuned by cross-validation on the support images, then scored on
 * test images plain and with each refinement (shifted grids, the guided filter, both): the retrieval
 * table of {@code aoissl bench segment}.
 */
public final class AggregatorSweep {
  /**
   * One scored setting.
   *
   * @param settings the tuned setting it refines (what a bank would store)
   * @param base whether it is that setting without refinements
   */
  public record Row(SegmentOptions options, BankSettings settings, boolean base, Evaluations.Run run) {}

  private AggregatorSweep() {}

  public static List<Row> run(MemoryBank bank, PatchEncoder enc, List<Example> support, List<Example> test,
      ClassSet classes, int folds) {
    Map<String, AoiImage> byId = new HashMap<>();
    support.forEach(e -> byId.put(e.sample().id(), e.image()));
    List<BankTuner.Query> queries = BankTuner.encodeSupport(bank, enc, byId::get, n -> { });
    List<Row> rows = new ArrayList<>();
    for (String method : Aggregators.methods()) {
      BankTuner.Result tuned = BankTuner.tune(bank, queries, folds, 0, Set.of(method), n -> { });
      for (boolean blocks : method.equals(Aggregators.IMAGE) ? new boolean[] {false} : new boolean[] {false, true}) {
        // The best setting of this aggregator and label mode; its thresholds serve every refinement.
        BankTuner.Candidate c = tuned.candidates().stream().filter(x -> x.blocks() == blocks)
            .max(Comparator.comparingDouble(BankTuner.Candidate::miou)).orElseThrow();
        BankSettings s = c.settings("");
        SegmentOptions base = SegmentOptions.of(s);
        List<SegmentOptions> variants = method.equals(Aggregators.IMAGE) ? List.of(base) : List.of(base,
            base.withRefinements(blocks, true, false), base.withRefinements(blocks, false, true),
            base.withRefinements(blocks, true, true));
        for (SegmentOptions v : variants) {
          rows.add(new Row(v, s, v == base, Evaluations.retrieval(enc, bank, v, test, classes)));
        }
      }
    }
    return rows;
  }

  /** The setting whose plain row scored the highest test mIoU. */
  public static BankSettings best(List<Row> rows) {
    return rows.stream().filter(Row::base).max(Comparator.comparingDouble(r -> r.run().scores().miou()))
        .orElseThrow().settings();
  }
}
