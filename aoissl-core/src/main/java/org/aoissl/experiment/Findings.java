package org.aoissl.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.aoissl.pretrain.PretrainMethods;

/**
 * The paper's four findings, each checked against an experiment's numbers and stated with
 * them: "holds", "does not hold" or "not measured". Thresholds are stated in the text; nothing here is
 * a significance test (one seed, a handful of test images).
 */
public final class Findings {
  /** Below this mIoU difference two settings count as on par. */
  static final double PAR = 0.02;

  private Findings() {}

  /** One paragraph per finding. */
  public static String text(ExperimentResults r) {
    List<String> out = new ArrayList<>();
    out.add(maeFirst(r));
    out.add(distanceVsAttention(r));
    out.add(sslVsScratch(r));
    out.add(retrievalVsFinetune(r));
    out.add(againstUNet(r));
    return String.join("\n\n", out);
  }

  static String maeFirst(ExperimentResults r) {
    Optional<ExperimentResults.MethodRow> mae = row(r, "mae");
    List<ExperimentResults.MethodRow> others = r.methods().stream()
        .filter(m -> PretrainMethods.exists(m.method()) && PretrainMethods.get(m.method()).distillation()).toList();
    String head = "1. MAE > DINO/iBOT on small data: ";
    if (mae.isEmpty() || others.isEmpty()) {
      return head + "not measured (needs mae and dino or ibot in --methods).";
    }
    boolean retrieval = others.stream().allMatch(o -> mae.get().retrieval().miou() > o.retrieval().miou());
    boolean finetune = others.stream().allMatch(o -> mae.get().finetune().miou() > o.finetune().miou());
    StringBuilder b = new StringBuilder(head).append(retrieval && finetune ? "holds" : retrieval || finetune
        ? "holds for " + (retrieval ? "retrieval" : "fine-tuning") + " only" : "does not hold").append(". mIoU ")
        .append("retrieval / fine-tuning: ");
    for (ExperimentResults.MethodRow m : r.methods()) {
      if (!m.method().equals("scratch") && !m.method().equals("generic")) {
        b.append(String.format(Locale.ROOT, "%s %.3f / %.3f; ", m.method(), m.retrieval().miou(), m.finetune().miou()));
      }
    }
    return b.toString().replaceAll("; $", ".");
  }

  static String distanceVsAttention(ExperimentResults r) {
    String head = "2. Similarity retrieval ≈ attention aggregation: ";
    List<String> parts = new ArrayList<>();
    int on = 0;
    int total = 0;
    for (int shots : r.aggregators().stream().map(ExperimentResults.AggregatorRow::shots).distinct().toList()) {
      double d = best(r, shots, "distance");
      double a = best(r, shots, "attention");
      if (Double.isNaN(d) || Double.isNaN(a)) {
        continue;
      }
      total++;
      on += Math.abs(d - a) <= PAR ? 1 : 0;
      parts.add(String.format(Locale.ROOT, "%d shot%s: distance %.3f, attention %.3f", shots, shots == 1 ? "" : "s", d,
          a));
    }
    if (total == 0) {
      return head + "not measured.";
    }
    return head + (on == total ? "holds" : on == 0 ? "does not hold" : "holds at " + on + " of " + total
        + " support sizes") + String.format(Locale.ROOT, " (on par = within %.2f mIoU; best setting of each "
        + "without refinements): ", PAR) + String.join("; ", parts) + ".";
  }

  static String sslVsScratch(ExperimentResults r) {
    String head = "3. SSL ≫ scratch under a fixed fine-tuning budget: ";
    Optional<ExperimentResults.MethodRow> scratch = row(r, "scratch");
    List<ExperimentResults.MethodRow> ssl = r.methods().stream()
        .filter(m -> !m.method().equals("scratch") && !m.method().equals("generic")).toList();
    if (scratch.isEmpty() || ssl.isEmpty()) {
      return head + "not measured.";
    }
    double base = scratch.get().finetune().miou();
    boolean all = ssl.stream().allMatch(m -> m.finetune().miou() > base + PAR);
    StringBuilder b = new StringBuilder(head).append(all ? "holds" : "does not hold").append(String.format(Locale.ROOT,
        " (criterion: every method above scratch by more than %.2f mIoU). Fine-tuned mIoU: scratch %.3f", PAR, base));
    for (ExperimentResults.MethodRow m : ssl) {
      b.append(String.format(Locale.ROOT, ", %s %.3f", m.method(), m.finetune().miou()));
    }
    return b.append('.').toString();
  }

  static String retrievalVsFinetune(ExperimentResults r) {
    String head = "4. Retrieval beats fine-tuning for a single-device target: ";
    ExperimentResults.MethodRow m = r.methods().get(0);
    StringBuilder b = new StringBuilder(head).append(m.retrieval().miou() > m.finetune().miou() ? "holds" : "does not "
        + "hold").append(String.format(Locale.ROOT, " on %s with the %s encoder and %d labeled images: retrieval "
        + "%.3f, fine-tuning (%.1f min) %.3f mIoU.", r.config().device(), m.method(), r.config().supportShots(),
        m.retrieval().miou(), r.config().finetuneMinutes(), m.finetune().miou()));
    if (!r.adaptation().isEmpty()) {
      ExperimentResults.AdaptRow last = r.adaptation().get(r.adaptation().size() - 1);
      b.append(String.format(Locale.ROOT, " New device %s with %d of its images: bank add %.3f (%.2f s to add), "
          + "fine-tuning %.3f (%.0f s).", r.config().newDevice(), last.added(), last.retrieval().miou(),
          last.addSeconds(), last.finetune().miou(), last.finetuneSeconds()));
    }
    return b.toString();
  }

  /** What a plant would use instead: the U-Net on the same images and minutes, against our best paths. */
  static String againstUNet(ExperimentResults r) {
    String head = "5. Against a U-Net trained on the same images for the same minutes: ";
    if (r.unet() == null || r.methods().isEmpty()) {
      return head + "not measured.";
    }
    ExperimentResults.MethodRow bestRetrieval = r.methods().stream()
        .max(java.util.Comparator.comparingDouble(m -> m.retrieval().miou())).orElseThrow();
    ExperimentResults.MethodRow bestFinetune = r.methods().stream()
        .max(java.util.Comparator.comparingDouble(m -> m.finetune().miou())).orElseThrow();
    double u = r.unet().finetune().miou();
    boolean ahead = bestRetrieval.retrieval().miou() > u || bestFinetune.finetune().miou() > u;
    return head + (ahead ? "a ViT path is ahead" : "the U-Net is ahead of every ViT path") + String.format(Locale.ROOT,
        ". U-Net %.3f mIoU (%d steps); best retrieval %.3f (%s); best ViT fine-tune %.3f (%s).", u, r.unet().steps(),
        bestRetrieval.retrieval().miou(), bestRetrieval.method(), bestFinetune.finetune().miou(),
        bestFinetune.method());
  }

  private static Optional<ExperimentResults.MethodRow> row(ExperimentResults r, String method) {
    return r.methods().stream().filter(m -> m.method().equals(method)).findFirst();
  }

  /** The best mIoU of an aggregator at a support size, refinements (shift, refine) left out. */
  private static double best(ExperimentResults r, int shots, String method) {
    return r.aggregators().stream().filter(a -> a.shots() == shots && a.setting().startsWith(method)
        && !a.setting().contains("shift") && !a.setting().contains("refine"))
        .mapToDouble(a -> a.scores().miou()).max().orElse(Double.NaN);
  }
}
