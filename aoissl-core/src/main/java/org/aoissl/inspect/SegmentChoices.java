package org.aoissl.inspect;

import java.nio.file.Path;
import java.util.List;
import org.aoissl.io.BadInputException;
import org.aoissl.refine.RefinerState;
import org.aoissl.retrieval.Aggregators;
import org.aoissl.retrieval.BankSettings;
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.SegmentOptions;

/**
 * What a user may override when segmenting with a bank; null means the bank's own setting (or, when the
 * bank has a refiner, the score options it was trained on). {@code refiner} is auto (use the bank's
 * refiner when these options give the scores it reads), on (require it) or off.
 */
public record SegmentChoices(String method, Integer k, Float beta, Boolean blocks, Boolean shifted,
    Boolean refine, String refiner) {
  /** Everything as the bank has it. */
  public static final SegmentChoices DEFAULT = new SegmentChoices(null, null, null, null, null, null, "auto");

  public SegmentChoices {
    if (refiner == null) {
      refiner = "auto";
    }
    if (!List.of("auto", "on", "off").contains(refiner)) {
      throw new IllegalArgumentException("refiner must be auto, on or off; got '" + refiner + "'");
    }
    if (method != null && !Aggregators.exists(method)) {
      throw new IllegalArgumentException("method must be one of " + Aggregators.methods() + "; got '" + method + "'");
    }
    if (k != null && k < 1) {
      throw new IllegalArgumentException("k must be >= 1; got " + k);
    }
  }

  /**
   * The options these choices give on {@code bank}, and whether its refiner applies.
   *
   * @param stored the bank's refiner metadata, or null when it has none
   * @param bankFile named in errors
   * @throws BadInputException when the refiner is required and cannot be used
   */
  public Resolved resolve(MemoryBank bank, RefinerState stored, Path bankFile) throws BadInputException {
    BankSettings s = bank.settings();
    RefinerState rs = refiner.equals("off") ? null : stored;
    SegmentOptions base = rs != null ? rs.scoreOptions().withThresholds(s.thresholds()) : SegmentOptions.of(s);
    SegmentOptions opts = new SegmentOptions(method != null ? method : base.method(), k != null ? k : base.k(),
        beta != null ? beta : base.beta(), s.thresholds(), blocks != null ? blocks : base.blocks(),
        shifted != null ? shifted : base.shifted(), refine != null ? refine : base.refine());
    boolean useRefiner = rs != null && rs.scoreOptions().sameScores(opts);
    if (refiner.equals("on") && !useRefiner) {
      throw new BadInputException(bankFile, rs == null ? "has no refiner; run 'aoissl bank refine' first or use "
          + "refiner auto" : "has a refiner trained on scores of '" + rs.scoreOptions().label() + "'; these options "
          + "give '" + opts.label() + "'");
    }
    String note = rs != null && !useRefiner ? "the bank's refiner is not used: it reads scores of '"
        + rs.scoreOptions().label() + "', these options give '" + opts.label() + "'" : null;
    return new Resolved(opts, useRefiner, note);
  }

  /** Resolved options; {@code note} says why a stored refiner is left unused, else null. */
  public record Resolved(SegmentOptions options, boolean useRefiner, String note) {}
}
