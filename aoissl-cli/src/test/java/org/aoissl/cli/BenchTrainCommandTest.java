package org.aoissl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchTrainCommandTest {
  /** Runs {@code aoissl ARGS} with {@code bench} registered, as Main will register it. */
  private static CliRun run(String... args) {
    CommandLine cl = Main.commandLine();
    if (!cl.getSubcommands().containsKey("bench")) {
      cl.addSubcommand("bench", new BenchCommand());
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  @Test
  void aTinyRunPrintsTheMarkdownTables() {
    CliRun r = run("bench", "train", "--model", "micro", "--sizes", "32", "--batch", "2",
        "--steps", "1", "--warmup", "1", "--matmul-sizes", "64", "--compare-attention");
    assertThat(r.code()).as(r.err()).isZero();
    String out = r.out();
    assertThat(out).startsWith("### `aoissl bench train --model micro --sizes 32 --batch 2");
    assertThat(out).contains("| CPU |", "logical cores (nproc)", "| DJL / PyTorch | 0.36.0 / 2.7.1 |",
        "| threads | intra-op ", "| model | micro, 2 channels, warm-up 1 steps, 1 timed steps per row |",
        "Matmul peak: **", "fastest timed fp32 64³ matmul");
    // One explicit-attention row and one fused row per table.
    assertThat(out).contains("| 32² | 2 | explicit | 5/17 |", "| 32² | 2 | fused | 5/17 |");
    assertThat(out.lines().filter(l -> l.startsWith("| 32² |"))).hasSize(6);
    assertThat(out).contains("| 32² | fused | 1 | ");
  }

  @Test
  void aBatchListThatDoesNotMatchTheSizesIsRefused() {
    CliRun r = run("bench", "train", "--model", "micro", "--sizes", "32,64", "--batch", "2,2,2");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("give one batch size, or one per image size (2); got 3");
  }
}
