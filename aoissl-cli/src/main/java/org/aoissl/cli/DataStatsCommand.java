package org.aoissl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.aoissl.data.ChannelStats;
import org.aoissl.data.ChannelStatsAccumulator;
import org.aoissl.data.Dataset;
import org.aoissl.data.DatasetLayouts;
import org.aoissl.data.DatasetOptions;
import org.aoissl.data.Sample;
import org.aoissl.data.StatsFile;
import org.aoissl.io.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aoissl data stats DIR}: per-channel statistics of every image under DIR, saved to a stats file. */
@Command(name = "stats", mixinStandardHelpOptions = true,
    description = "Per-channel mean, std, min, max and histogram over a dataset, saved as a versioned file.")
public final class DataStatsCommand implements Callable<Integer> {
  public static final String DEFAULT_FILE = "channel-stats.aoistats";

  @Parameters(paramLabel = "DIR", description = "Dataset folder, or a folder of split folders (all are used).")
  Path dir;

  @Option(names = "--out", paramLabel = "FILE", description = "Where to save the statistics (default: DIR/" + DEFAULT_FILE + ").")
  Path out;

  @Mixin DatasetArgs data;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Computes statistics over every image of every dataset under {@code dir}. */
  public static ChannelStats run(Path dir, DatasetOptions options) throws IOException {
    List<Dataset> all = DatasetLayouts.openAll(DatasetArgs.abs(dir), options);
    ChannelStatsAccumulator acc = null;
    Path firstFile = null;
    int total = all.stream().mapToInt(Dataset::size).sum();
    if (total == 0) {
      throw new BadInputException(DatasetArgs.abs(dir), "empty dataset: no images found");
    }
    try (Progress p = Progress.start("stats", total)) {
      for (Dataset ds : all) {
        ds.requireNoProblems();
        for (Sample s : ds.samples()) {
          var img = Dataset.readImage(s);
          if (acc == null) {
            acc = new ChannelStatsAccumulator(img.channels());
            firstFile = s.imageFiles().get(0);
          } else if (img.channels() != acc.channels()) {
            throw new BadInputException(s.imageFiles().get(0), "has " + img.channels()
                + " channels but " + firstFile.getFileName() + " has " + acc.channels());
          }
          acc.add(img);
          p.step();
        }
      }
    }
    return acc.result();
  }

  @Override
  public Integer call() throws IOException {
    ChannelStats stats = run(dir, data.options());
    Path file = out != null ? out : DatasetArgs.abs(dir).resolve(DEFAULT_FILE);
    StatsFile.write(file, stats);
    PrintWriter pw = spec.commandLine().getOut();
    pw.printf("%d pixels per channel%n", stats.count());
    pw.printf("%-8s %9s %9s %9s %9s%n", "channel", "mean", "std", "min", "max");
    for (int c = 0; c < stats.channels(); c++) {
      pw.printf("%-8d %9.5f %9.5f %9.5f %9.5f%n", c, stats.mean()[c], stats.std()[c], stats.min()[c], stats.max()[c]);
    }
    pw.printf("saved %s%n", file);
    pw.flush();
    return 0;
  }
}
