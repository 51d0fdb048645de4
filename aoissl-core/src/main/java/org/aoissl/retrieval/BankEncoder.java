package org.aoissl.retrieval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.aoissl.io.BadInputException;

/** Opens the encoder a bank was built with, and refuses any other. */
public final class BankEncoder {
  /** Provenance key of the checkpoint path a bank was built with. */
  public static final String CHECKPOINT = "checkpoint.path";

  private BankEncoder() {}

  /**
   * The encoder for a bank: {@code ckpt} if given, else the checkpoint the bank records it was built
   * with; refused when its identity differs from the bank's.
   *
   * @param bankFile the bank's file, named in errors
   */
  public static PatchEncoder open(Path ckpt, MemoryBank bank, Path bankFile) throws IOException {
    Path path = ckpt;
    if (path == null) {
      String recorded = bank.provenance().get(CHECKPOINT);
      if (recorded == null || !Files.isRegularFile(Path.of(recorded))) {
        throw new BadInputException(bankFile, "give --ckpt: the checkpoint it was built with ("
            + bank.encoder().checkpoint() + (recorded == null ? "" : " at " + recorded) + ") is not there");
      }
      path = Path.of(recorded);
    }
    PatchEncoder enc = PatchEncoder.open(path.toAbsolutePath().normalize(), bank.encoder().tile());
    try {
      bank.encoder().requireSame(enc.id(), bankFile);
    } catch (BadInputException e) {
      enc.close();
      throw e;
    }
    return enc;
  }
}
