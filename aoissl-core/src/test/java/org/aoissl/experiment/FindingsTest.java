package org.aoissl.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FindingsTest {
  private static Scores s(double miou) {
    return new Scores(4, miou, Map.of("wire", miou), 0.5, 10);
  }

  private static ExperimentResults.MethodRow m(String method, double retrieval, double finetune) {
    return new ExperimentResults.MethodRow(method, 100, 10, 0.5, s(retrieval), s(finetune), 50);
  }

  private static ExperimentResults results(List<ExperimentResults.MethodRow> methods,
      List<ExperimentResults.AggregatorRow> aggregators) {
    return results(methods, null, aggregators);
  }

  private static ExperimentResults results(List<ExperimentResults.MethodRow> methods, ExperimentResults.UNetRow unet,
      List<ExperimentResults.AggregatorRow> aggregators) {
    ExperimentConfig cfg = new ExperimentConfig("d00", null, List.of("mae", "dino"), 5, List.of(5), List.of(), false,
        "micro", 32, 4, 1, 1, 32, 4, 1, null);
    return new ExperimentResults("m", "d", cfg, List.of("wire"), methods, unet, aggregators, List.of(), List.of(),
        Map.of());
  }

  @Test
  void eachFindingIsJudgedFromTheNumbers() {
    ExperimentResults r = results(List.of(m("mae", 0.70, 0.40), m("dino", 0.60, 0.45), m("scratch", 0.20, 0.41)),
        List.of(new ExperimentResults.AggregatorRow(5, "distance k=10 +blocks", s(0.70)),
            new ExperimentResults.AggregatorRow(5, "attention k=10 β=0.02 +blocks", s(0.69)),
            new ExperimentResults.AggregatorRow(5, "attention k=10 β=0.02 +blocks +shift", s(0.80))));
    assertThat(Findings.maeFirst(r)).startsWith("1. MAE > DINO/iBOT on small data: holds for retrieval only")
        .contains("mae 0.700 / 0.400").contains("dino 0.600 / 0.450");
    // The +shift row is a refinement and does not count: 0.70 vs 0.69 is on par.
    assertThat(Findings.distanceVsAttention(r)).contains(": holds").contains("distance 0.700, attention 0.690");
    // dino beats scratch by 0.04, mae does not (0.40 < 0.41).
    assertThat(Findings.sslVsScratch(r)).contains(": does not hold").contains("scratch 0.410");
    assertThat(Findings.retrievalVsFinetune(r)).contains(": holds on d00").contains("retrieval 0.700");
  }

  @Test
  void missingMethodsAreNotMeasuredNotGuessed() {
    ExperimentResults r = results(List.of(m("mae", 0.3, 0.5), m("scratch", 0.2, 0.1)), List.of());
    assertThat(Findings.maeFirst(r)).endsWith("not measured (needs mae and dino or ibot in --methods).");
    assertThat(Findings.distanceVsAttention(r)).endsWith("not measured.");
    assertThat(Findings.sslVsScratch(r)).contains(": holds");
    assertThat(Findings.retrievalVsFinetune(r)).contains(": does not hold");
    assertThat(Findings.againstUNet(r)).endsWith("not measured.");
  }

  @Test
  void theUNetIsComparedWithTheBestRetrievalAndTheBestFinetune() {
    List<ExperimentResults.MethodRow> methods = List.of(m("mae", 0.50, 0.40), m("scratch", 0.45, 0.42));
    ExperimentResults ahead = results(methods, new ExperimentResults.UNetRow(s(0.60), 300, 120), List.of());
    assertThat(Findings.againstUNet(ahead)).contains(": the U-Net is ahead of every ViT path")
        .contains("U-Net 0.600 mIoU (300 steps); best retrieval 0.500 (mae); best ViT fine-tune 0.420 (scratch)");
    ExperimentResults behind = results(methods, new ExperimentResults.UNetRow(s(0.48), 300, 120), List.of());
    assertThat(Findings.againstUNet(behind)).contains(": a ViT path is ahead");
  }
}
