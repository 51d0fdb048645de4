package org.aoissl.cli;

import java.nio.file.Path;
import org.aoissl.io.BadInputException;
import org.aoissl.retrieval.MemoryBank;

/** What the bank and segment commands share: pixel sizes and the support folder. */
final class Banks {
  private Banks() {}

  /** The support folder given, or the one the bank records it was built from. */
  static Path supportDir(Path given, MemoryBank bank, Path bankFile) throws BadInputException {
    if (given != null) {
      return given;
    }
    String recorded = bank.provenance().get("support");
    if (recorded == null) {
      throw new BadInputException(bankFile, "give --support: the bank does not record its support folder");
    }
    return Path.of(recorded);
  }

  /**
   * The pixel size given for images entering a bank (0 when none was given), refused when the bank has
   * none to resample to.
   */
  static double pixelSize(Double given, MemoryBank bank, Path bankFile) throws BadInputException {
    if (given == null) {
      return 0;
    }
    if (!(given > 0) || given.isInfinite()) {
      throw new IllegalArgumentException("--pixel-size must be > 0; got " + given);
    }
    if (bank.config().pixelSize() == 0) {
      throw new BadInputException(bankFile, "has no pixel size to resample to; build it with --pixel-size");
    }
    return given;
  }
}
