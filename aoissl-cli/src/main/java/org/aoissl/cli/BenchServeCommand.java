package org.aoissl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.aoissl.bench.Machine;
import org.aoissl.data.Example;
import org.aoissl.data.LabeledSet;
import org.aoissl.io.BadInputException;
import org.aoissl.io.StagedDirectory;
import org.aoissl.serve.LoadBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aoissl bench serve}: the inspection service under concurrent load while it is being taught. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Load the service on localhost: --clients clients segment images back to back for --seconds "
        + "while another adds --adds labeled images to the bank; prints throughput, latency percentiles, errors, "
        + "torn reads (answers that differ from what the version they name gives) and resident memory before and "
        + "after. Works on a copy of the bank."})
public final class BenchServeCommand implements Callable<Integer> {
  @Option(names = "--bank", required = true, description = "Bank file (copied; never changed).")
  Path bank;

  @Option(names = "--images", required = true, paramLabel = "DIR", description = "Labeled images: the first "
      + "--queries are segmented, the next --adds are added.")
  Path images;

  @Option(names = "--clients", defaultValue = "8", description = "Concurrent segmenting clients (default: "
      + "${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--seconds", defaultValue = "60", description = "Length of the run (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--adds", defaultValue = "10", description = "Images added during the run (default: "
      + "${DEFAULT-VALUE}).")
  int adds;

  @Option(names = "--queries", defaultValue = "4", description = "Distinct images segmented (default: "
      + "${DEFAULT-VALUE}).")
  int queries;

  @Option(names = "--revert-each", description = "Revert each addition half an interval later, so the bank keeps "
      + "returning to its size: memory that still grows is not the bank's.")
  boolean revertEach;

  @Option(names = "--workers", defaultValue = "2", description = "Service workers (default: ${DEFAULT-VALUE}).")
  int workers;

  @Mixin DatasetArgs dataArgs;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (clients < 1 || seconds < 1 || adds < 0 || queries < 1 || workers < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--clients, --seconds, --queries and --workers "
          + "must be >= 1 and --adds >= 0");
    }
    LabeledSet s = LabeledSet.load(images, dataArgs.options(), null, 0);
    List<Example> all = s.examples();
    if (all.size() < queries + adds) {
      throw new BadInputException(DatasetArgs.abs(images), "holds " + all.size() + " labeled images; --queries "
          + queries + " and --adds " + adds + " need " + (queries + adds));
    }
    String loadBefore = Machine.loadAverage();
    Path work = Files.createTempDirectory("aoissl-bench-serve");
    LoadBench.Result r;
    try {
      r = LoadBench.run(new LoadBench.Config(DatasetArgs.abs(bank), all.subList(0, queries),
          all.subList(queries, queries + adds), clients, seconds, workers, Math.max(16, clients), revertEach), work);
    } finally {
      StagedDirectory.deleteTree(work);
    }
    PrintWriter o = spec.commandLine().getOut();
    o.printf("%s, %s, load before %s, after %s%n", Instant.now(), Machine.current().describe(), loadBefore, Machine.loadAverage());
    o.printf("%d clients x %.0f s, %d workers, %d distinct %dx%d images, %d adds during the run%s%n", clients,
        r.seconds(), workers, queries, all.get(0).image().width(), all.get(0).image().height(), adds,
        revertEach ? ", each reverted" : "");
    o.println("| requests | per s | p50 ms | p95 ms | p99 ms | errors | 503 | adds | add p50 ms | versions | torn | RSS before MiB | RSS after MiB |");
    o.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    o.printf("| %d | %.2f | %.0f | %.0f | %.0f | %d | %d | %d | %.0f | %d | %d of %d | %.0f | %.0f |%n", r.requests(),
        r.perSecond(), r.p50(), r.p95(), r.p99(), r.errors(), r.busy(), r.added(), r.addP50(), r.versions(), r.torn(),
        r.checked(), r.rssBefore(), r.rssAfter());
    o.printf("RSS at each quarter of the run: %.0f, %.0f, %.0f, %.0f MiB; JVM heap committed after: %.0f MiB%n",
        r.rssQuarters()[0], r.rssQuarters()[1], r.rssQuarters()[2], r.rssQuarters()[3], r.heapAfter());
    for (String e : r.firstErrors()) {
      o.println("error: " + e);
    }
    o.flush();
    return r.errors() == 0 && r.torn() == 0 ? 0 : 1;
  }
}
