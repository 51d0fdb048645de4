package org.aoissl.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aoissl.io.BadInputException;

/**
 * An input file that listing a dataset left out, so that callers can say so instead of dropping it
 * silently: the file, a short reason shared by files dropped for the same cause ("orphan label",
 * "missing buffer", "duplicate stem") and the one-line problem {@code data check} prints for it.
 *
 * @param file the file left out, or the missing file whose absence left its sample out
 * @param reason short cause used to group a summary
 * @param detail what is wrong with the file, as one line
 */
public record SkippedInput(Path file, String reason, String detail) {
  public SkippedInput {
    if (file == null || reason == null || detail == null) {
      throw new IllegalArgumentException("a skipped input needs a file, a reason and a detail");
    }
  }

  /** The problem as bad input: {@code FILE: DETAIL}. */
  public BadInputException problem() {
    return new BadInputException(file, detail);
  }

  /** Records this input as left out: a problem for data check, a skipped input for everyone else. */
  void addTo(List<BadInputException> problems, List<SkippedInput> skipped) {
    problems.add(problem());
    skipped.add(this);
  }

  /**
   * One line grouping skipped inputs by reason, in order of first appearance, with at most {@code names}
   * file names per reason, e.g. {@code orphan label: a.png, b.png, ...; missing buffer: c_buffer1.png}.
   */
  public static String summary(List<SkippedInput> skipped, int names) {
    Map<String, List<String>> byReason = new LinkedHashMap<>();
    for (SkippedInput s : skipped) {
      byReason.computeIfAbsent(s.reason(), r -> new ArrayList<>()).add(s.file().getFileName().toString());
    }
    List<String> parts = new ArrayList<>();
    for (var e : byReason.entrySet()) {
      List<String> files = e.getValue();
      String shown = String.join(", ", files.subList(0, Math.min(names, files.size())));
      parts.add(e.getKey() + ": " + shown + (files.size() > names ? ", ..." : ""));
    }
    return String.join("; ", parts);
  }
}
