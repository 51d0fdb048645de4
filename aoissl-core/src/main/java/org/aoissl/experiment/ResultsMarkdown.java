package org.aoissl.experiment;

import java.util.Locale;

/** The experiment's four tables as markdown ({@code results.md}); NaN prints as "–". */
public final class ResultsMarkdown {
  private ResultsMarkdown() {}

  public static String render(ExperimentResults r) {
    ExperimentConfig c = r.config();
    StringBuilder b = new StringBuilder();
    b.append("# AOI-SSL experiment\n\n");
    b.append(String.format(Locale.ROOT, "Machine: %s. Started %s. Model %s; pre-training %.1f min per method at %d², "
        + "batch %d; fine-tuning %.1f min per run (ViT with the unetr head, or U-Net; %d² crops, batch %d); support: %d labeled images "
        + "of %s; test: %s images; seed %d.%n%n", r.machine(), r.date(), c.model(), c.pretrainMinutes(), c.imageSize(),
        c.batch(), c.finetuneMinutes(), c.finetuneSize(), FinetuneStage.BATCH, c.supportShots(), c.device(),
        c.testImages() > 0 ? "up to " + c.testImages() : "all", c.seed()));
    b.append("IoU is pooled over the test images (intersection and union summed), mean over classes (mIoU).\n\n");

    b.append("## The paper's findings on this data\n\n").append(Findings.text(r)).append("\n\n");
    b.append("## 1. Pre-training method × downstream, same budget\n\n");
    b.append("| method | pre-train steps | img/s | final loss | retrieval mIoU | fine-tune mIoU | fine-tune steps |");
    r.classes().forEach(k -> b.append(" retr. ").append(k).append(" |"));
    r.classes().forEach(k -> b.append(" ft. ").append(k).append(" |"));
    b.append('\n').append("|---".repeat(7 + 2 * r.classes().size())).append("|\n");
    ExperimentResults.MethodRow scratch = r.methods().stream().filter(m -> m.method().equals("scratch")).findFirst()
        .orElse(null);
    for (ExperimentResults.MethodRow m : r.methods()) {
      b.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %d |", m.method(), m.pretrainSteps(),
          num(m.pretrainImagesPerSec(), 1), num(m.pretrainLoss(), 3), withGain(m.retrieval().miou(),
              scratch == null ? Double.NaN : scratch.retrieval().miou()), withGain(m.finetune().miou(),
              scratch == null ? Double.NaN : scratch.finetune().miou()), m.finetuneSteps()));
      r.classes().forEach(k -> b.append(' ').append(num(m.retrieval().iou().get(k), 3)).append(" |"));
      r.classes().forEach(k -> b.append(' ').append(num(m.finetune().iou().get(k), 3)).append(" |"));
      b.append('\n');
    }
    ExperimentResults.UNetRow u = r.unet();
    if (u != null) {
      b.append(String.format(Locale.ROOT, "| U-Net (no pre-training) | – | – | – | – | %s | %d |",
          withGain(u.finetune().miou(), scratch == null ? Double.NaN : scratch.finetune().miou()), u.steps()));
      r.classes().forEach(k -> b.append(" – |"));
      r.classes().forEach(k -> b.append(' ').append(num(u.finetune().iou().get(k), 3)).append(" |"));
      b.append('\n');
    }
    b.append("\nIn parentheses: relative change against the scratch encoder under the same protocol. The U-Net is "
        + "trained on the same labeled images for the same minutes, as a plant would train one instead.");
    b.append(c.generic() == null ? "\n\n" : " generic: " + c.generic() + ", not pre-trained here.\n\n");

    b.append("## 2. Retrieval aggregator × support images (").append(c.methods().get(0)).append(" encoder)\n\n");
    b.append("| shots | setting | mIoU |");
    r.classes().forEach(k -> b.append(' ').append(k).append(" |"));
    b.append(' ').append(r.classes().get(0)).append(" clDice | ms/image |\n");
    b.append("|---".repeat(5 + r.classes().size())).append("|\n");
    for (ExperimentResults.AggregatorRow a : r.aggregators()) {
      b.append(String.format(Locale.ROOT, "| %d | %s | %s |", a.shots(), a.setting(), num(a.scores().miou(), 3)));
      r.classes().forEach(k -> b.append(' ').append(num(a.scores().iou().get(k), 3)).append(" |"));
      b.append(String.format(Locale.ROOT, " %s | %s |%n", num(a.scores().clDice(), 3), num(a.scores().msPerImage(), 0)));
    }

    if (!r.adaptation().isEmpty()) {
      b.append("\n## 3. New device ").append(c.newDevice()).append(": bank add vs fine-tuning on the same images\n\n");
      b.append("| images of ").append(c.newDevice()).append(" added | retrieval mIoU | time to add (s) | fine-tune mIoU "
          + "| fine-tune time (s) | U-Net mIoU |\n|---|---|---|---|---|---|\n");
      for (ExperimentResults.AdaptRow a : r.adaptation()) {
        b.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s |%n", a.added(),
            num(a.retrieval().miou(), 3), a.added() == 0 ? "–" : num(a.addSeconds(), 2), num(a.finetune().miou(), 3),
            num(a.finetuneSeconds(), 0), a.unet() == null ? "–" : num(a.unet().miou(), 3)));
      }
      b.append("\nRow 0: the bank and the fine-tuned model of ").append(c.device())
          .append(" alone, scored on the new device.\n");
    }

    b.append("\n## 4. Wall-clock per stage\n\n| stage | seconds |\n|---|---|\n");
    double total = 0;
    for (ExperimentResults.Stage s : r.stages()) {
      b.append(String.format(Locale.ROOT, "| %s | %.1f |%n", s.name(), s.seconds()));
      total += s.seconds();
    }
    b.append(String.format(Locale.ROOT, "| **total** | **%.1f** |%n", total));
    return b.toString();
  }

  static String num(Double v, int decimals) {
    return v == null || !Double.isFinite(v) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static String withGain(double v, double base) {
    if (!Double.isFinite(base) || base <= 0 || !Double.isFinite(v)) {
      return num(v, 3);
    }
    return String.format(Locale.ROOT, "%.3f (%+.0f %%)", v, 100 * (v - base) / base);
  }
}
