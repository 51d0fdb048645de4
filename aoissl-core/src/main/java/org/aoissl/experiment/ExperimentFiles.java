package org.aoissl.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.aoissl.io.FormatUtil;

/** Writes an experiment's {@code results.json} and {@code results.md}, each atomically. */
public final class ExperimentFiles {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ExperimentFiles() {}

  public static void write(ExperimentResults r, Path dir) throws IOException {
    byte[] json = JSON.writeValueAsString(r).getBytes(StandardCharsets.UTF_8);
    FormatUtil.writeAtomically(dir.resolve("results.json"), out -> out.write(json));
    byte[] md = ResultsMarkdown.render(r).getBytes(StandardCharsets.UTF_8);
    FormatUtil.writeAtomically(dir.resolve("results.md"), out -> out.write(md));
  }

  public static ExperimentResults read(Path json) throws IOException {
    return JSON.readValue(json.toFile(), ExperimentResults.class);
  }
}
