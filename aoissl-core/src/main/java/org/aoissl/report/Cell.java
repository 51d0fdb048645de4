package org.aoissl.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A table cell: a number (formatted by its {@link Column}; NaN shows as "–") or, when {@code text} is
 * not null, a piece of text.
 */
public record Cell(String text, double number) {
  public static Cell text(String text) {
    return new Cell(text == null ? "" : text, Double.NaN);
  }

  public static Cell number(double number) {
    return new Cell(null, number);
  }

  public boolean isNumber() {
    return text == null;
  }

  /**
   * A row from plain values: {@code row("wire", 0.81, 1234L)}. Numbers become number cells, null an
   * empty number cell ("–"), anything else its {@code toString()} as text.
   */
  public static List<Cell> row(Object... values) {
    List<Cell> out = new ArrayList<>(values.length);
    for (Object v : values) {
      if (v instanceof Cell c) {
        out.add(c);
      } else if (v instanceof Number n) {
        out.add(number(n.doubleValue()));
      } else if (v == null) {
        out.add(number(Double.NaN));
      } else {
        out.add(text(v.toString()));
      }
    }
    return out;
  }
}
