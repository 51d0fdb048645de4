package org.aoissl.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.aoissl.data.Dataset;
import org.aoissl.data.DatasetExport;
import org.aoissl.data.DatasetLayouts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aoissl data convert SRC --to LAYOUT --out DIR}: rewrite a dataset in another layout. */
@Command(name = "convert", mixinStandardHelpOptions = true,
    description = "Write a dataset in another layout (e.g. COCO to bitmask), with optional overlays to look at.")
public final class DataConvertCommand implements Callable<Integer> {
  @Parameters(paramLabel = "SRC", description = "Dataset folder in any readable layout.")
  Path src;

  @Option(names = "--to", required = true, description = "Layout to write: aoi-ssl, bitmask or plain.")
  String to;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "New folder (must not exist or be empty).")
  Path out;

  @Option(names = "--overlays", description = "Also write colour overlays to overlay/.")
  boolean overlays;

  @Option(names = "--per-class", description = "Also write one binary PNG per class to per-class/.")
  boolean perClass;

  @Mixin DatasetArgs data;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    DatasetExport.Options opt = new DatasetExport.Options(to, overlays, perClass);
    Dataset ds = DatasetLayouts.open(DatasetArgs.abs(src), data.options());
    int n;
    try (Progress p = Progress.start("convert", ds.size())) {
      n = DatasetExport.write(ds, out, opt, p::step);
    }
    spec.commandLine().getOut().printf("wrote %d images (%s) to %s%n", n, to, DatasetArgs.abs(out));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
