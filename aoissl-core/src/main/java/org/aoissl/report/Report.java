package org.aoissl.report;

import java.util.List;

/**
 * What an HTML report shows: a title, a subtitle, provenance facts (machine, date, commands, budget)
 * and an ordered list of sections. Write it with {@link HtmlReport#write}.
 */
public record Report(String title, String subtitle, List<Fact> provenance, List<Section> sections) {
  public Report {
    requireTitle(title);
    subtitle = subtitle == null ? "" : subtitle;
    provenance = List.copyOf(provenance);
    sections = List.copyOf(sections);
  }

  static void requireTitle(String title) {
    if (title == null || title.isBlank()) {
      throw new IllegalArgumentException("a title must not be blank");
    }
  }
}
