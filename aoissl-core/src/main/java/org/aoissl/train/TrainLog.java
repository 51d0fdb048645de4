package org.aoissl.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.aoissl.io.FormatUtil;

/**
 * The JSON-lines training log: one {@link StepLog} per line. On resume the lines past the checkpoint's
 * step are dropped first, so the log always describes the run that the weights came from.
 */
public final class TrainLog implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final BufferedWriter out;

  private TrainLog(BufferedWriter out) {
    this.out = out;
  }

  public static TrainLog append(Path file) throws IOException {
    return new TrainLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND));
  }

  /** Keeps only the entries of steps {@code <= step} (none for 0), rewriting the file atomically. */
  public static void truncate(Path file, long step) throws IOException {
    List<String> keep = new ArrayList<>();
    if (step > 0 && Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        try {
          if (!line.isBlank() && JSON.readTree(line).path("step").asLong(Long.MAX_VALUE) <= step) {
            keep.add(line);
          }
        } catch (IOException e) {
          // a line cut by a crash: drop it
        }
      }
    }
    byte[] bytes = keep.isEmpty() ? new byte[0]
        : (String.join("\n", keep) + "\n").getBytes(StandardCharsets.UTF_8);
    FormatUtil.writeAtomically(file, o -> o.write(bytes));
  }

  /** All entries of a log. */
  public static List<StepLog> read(Path file) throws IOException {
    List<StepLog> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        out.add(JSON.readValue(line, StepLog.class));
      }
    }
    return out;
  }

  public void write(StepLog entry) throws IOException {
    out.write(JSON.writeValueAsString(entry));
    out.newLine();
    out.flush(); // so the log can be followed while training
  }

  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
