package org.aoissl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Dataset;
import org.aoissl.data.DatasetCheck;
import org.aoissl.data.DatasetLayouts;
import org.aoissl.io.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code aoissl data check DIR}: validate a dataset (or each split under DIR) and summarise it. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Validate a dataset and print a summary; exits 2 if any file has a problem.")
public final class DataCheckCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DIR", description = "Dataset folder, or a folder of split folders.")
  Path dir;

  @Mixin DatasetArgs data;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Checks every dataset under {@code dir}. */
  public static List<DatasetCheck.Report> run(Path dir, org.aoissl.data.DatasetOptions options)
      throws IOException {
    List<DatasetCheck.Report> reports = new ArrayList<>();
    for (Dataset ds : DatasetLayouts.openAll(DatasetArgs.abs(dir), options)) {
      try (Progress p = Progress.start("check " + ds.root().getFileName(), ds.size())) {
        reports.add(DatasetCheck.run(ds, i -> p.step()));
      }
    }
    return reports;
  }

  @Override
  public Integer call() throws IOException {
    List<DatasetCheck.Report> reports = run(dir, data.options());
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int problems = 0;
    for (DatasetCheck.Report r : reports) {
      print(out, r);
      for (BadInputException e : r.problems()) {
        err.println("problem: " + e.getMessage());
        problems++;
      }
    }
    out.flush();
    err.flush();
    if (problems > 0) {
      err.println("error: " + problems + " problem(s) found");
      err.flush();
      return Main.BAD_INPUT;
    }
    return 0;
  }

  static void print(PrintWriter out, DatasetCheck.Report r) {
    Dataset ds = r.dataset();
    ClassSet cs = ds.classes();
    out.printf("%s  [%s]%n", ds.root(), ds.layout());
    out.printf("  images %d (labeled %d), devices %d, sizes %s, channels %s, bit depth %s%n",
        r.images(), r.labeled(), ds.devices().size(), fmt(r.sizes()), fmt(r.channels()), fmt(r.bitDepths()));
    if (r.labeled() == 0) {
      return;
    }
    StringBuilder head = new StringBuilder(String.format("  %-10s", "device"));
    for (String c : cs.names()) {
      head.append(String.format(" %8s", c));
    }
    head.append(String.format(" %8s", "ignore"));
    out.println(head + "   (class pixel fractions, %)");
    List<String> rows = new ArrayList<>(r.devicePixels().keySet());
    if (rows.size() > 1) {
      rows.add("*");
    }
    for (String d : rows) {
      StringBuilder line = new StringBuilder(String.format("  %-10s", d.equals("*") ? "all" : d));
      for (int k = 0; k < cs.size(); k++) {
        line.append(String.format(" %8.2f", 100 * r.classFraction(d, k)));
      }
      line.append(String.format(" %8.2f", 100 * r.ignoreFraction(d)));
      out.println(line);
    }
  }

  private static String fmt(Map<?, Integer> m) {
    return m.size() == 1 ? String.valueOf(m.keySet().iterator().next()) : m.toString();
  }
}
