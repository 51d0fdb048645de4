package org.aoissl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.aoissl.retrieval.BankEncoder;
import org.aoissl.retrieval.BankIndex;
import org.aoissl.data.Example;
import org.aoissl.data.LabeledSet;
import org.aoissl.data.Resize;
import org.aoissl.retrieval.BankBuilder;
import org.aoissl.retrieval.BankFile;
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.PatchEncoder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aoissl bank add}: instant adaptation, a few more labeled images appended to a bank. */
@Command(name = "add", mixinStandardHelpOptions = true,
    description = {"Append labeled images (e.g. of a new device) to a bank, without rebuilding it.",
        "A bank built with --pca keeps its fitted projection (new keys are searched through it; it is not "
            + "refitted). A bank built with --coreset gets every patch of the new images (the coreset is not "
            + "re-run). A saved HNSW index is rebuilt."})
public final class BankAddCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "BANK", description = "Bank file (rewritten atomically).")
  Path bank;

  @Option(names = "--images", required = true, paramLabel = "DIR", description = "Labeled images to add.")
  Path images;

  @Option(names = "--ckpt", description = "Checkpoint (default: the one the bank was built with).")
  Path ckpt;

  @Option(names = "--device", description = "Add only this device's images.")
  String device;

  @Option(names = "--max-images", defaultValue = "0", description = "Add only the first N images by id (0 = all).")
  int maxImages;

  @Option(names = "--pixel-size", paramLabel = "P", description = "Pixel pitch of these images, in the unit the bank "
      + "was built with: they are resampled to the bank's pitch (default: the same pitch).")
  Double pixelSize;

  @Mixin DatasetArgs dataArgs;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Path bankFile = DatasetArgs.abs(bank);
    MemoryBank b = BankFile.read(bankFile);
    double scale = b.config().toBankScale(Banks.pixelSize(pixelSize, b, bankFile));
    LabeledSet s = LabeledSet.load(images, dataArgs.options(), device, maxImages);
    List<Example> examples = scale == 1 ? s.examples()
        : s.examples().stream().map(e -> Resize.example(e, scale)).toList();
    int before = b.size();
    long start;
    long encoded;
    try (PatchEncoder enc = BankEncoder.open(ckpt, b, bankFile);
        Progress p = Progress.start("bank add", s.examples().size())) {
      start = System.nanoTime();
      BankBuilder.add(b, enc, examples, s.classes(), b.config(), n -> p.step());
      encoded = System.nanoTime();
    }
    BankIndex.save(bankFile, b, null);
    long saved = System.nanoTime();
    PrintWriter o = spec.commandLine().getOut();
    o.printf("added %d images (%d entries) to %s in %.2f s (encode and add %.2f s, save %.2f s); %d entries now%n",
        s.examples().size(), b.size() - before, bankFile, (saved - start) / 1e9, (encoded - start) / 1e9,
        (saved - encoded) / 1e9, b.size());
    o.flush();
    return 0;
  }
}
