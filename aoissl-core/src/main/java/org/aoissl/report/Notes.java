package org.aoissl.report;

/** A section of plain text; blank lines separate paragraphs. Shown escaped, never as markup. */
public record Notes(String title, String text) implements Section {
  public Notes {
    Report.requireTitle(title);
    text = text == null ? "" : text;
  }
}
