package org.aoissl.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.aoissl.data.ClassSet;
import org.junit.jupiter.api.Test;

class SegmentationReportTest {
  /** Two images of two classes; class "ball" never occurs. */
  private static SegmentationReport report() {
    SegmentationMeter m = new SegmentationMeter(ClassSet.of("wire", "ball"), 0);
    m.add("a", Masks.of(2, "11..", "...."), Masks.of(2, "11..", "...."));
    m.add("b", Masks.of(2, "11..", "...."), Masks.of(2, "1...", "...."));
    return m.report();
  }

  @Test
  void meanRowSkipsClassesThatNeverOccur() {
    SegmentationReport r = report();
    // wire: TP 3, FP 1 -> pooled 3/4; per image (1 + 1/2) / 2.
    assertThat(r.miou()).isCloseTo(0.75, within(1e-12));
    assertThat(r.perImageMiou()).isCloseTo(0.75, within(1e-12));
    assertThat(r.mean().tp()).isEqualTo(3);
    assertThat(r.classes().get(1).iou()).isNaN();
  }

  @Test
  void tableShowsEveryClassTheMeanAndTheConfusion() {
    String t = report().toTable();
    assertThat(t).contains("pooled = intersection and union summed over all 2 images");
    assertThat(t).containsPattern("class +IoU \\(pooled\\) +IoU \\(per-image mean\\) +clDice +boundary F1");
    assertThat(t).containsPattern("\nwire +0\\.7500 +0\\.7500 ");
    assertThat(t).containsPattern("\nball +- +- +- +-");
    assertThat(t).containsPattern("\nmean +0\\.7500 +0\\.7500 ");
    // Confusion: wire/wire 3, none/wire 1, none/none 12.
    assertThat(t).containsPattern("gt \\\\ pred +wire +ball +none");
    assertThat(t).containsPattern("\nnone +1 +0 +12");
  }

  @Test
  void jsonHasNullForUndefinedScores() throws IOException {
    JsonNode j = new ObjectMapper().readTree(report().toJson());
    assertThat(j.get("images").asInt()).isEqualTo(2);
    assertThat(j.at("/miou/pooled").asDouble()).isEqualTo(0.75);
    assertThat(j.at("/classes/0/name").asText()).isEqualTo("wire");
    assertThat(j.at("/classes/0/tp").asLong()).isEqualTo(3);
    assertThat(j.at("/classes/1/iou").isNull()).isTrue();
    assertThat(j.at("/confusion/labels").toString()).isEqualTo("[\"wire\",\"ball\",\"none\"]");
    assertThat(j.at("/confusion/counts/0/0").asLong()).isEqualTo(3);
    assertThat(j.at("/perImageIou/1/id").asText()).isEqualTo("b");
    assertThat(j.at("/perImageIou/1/wire").asDouble()).isEqualTo(0.5);
  }
}
