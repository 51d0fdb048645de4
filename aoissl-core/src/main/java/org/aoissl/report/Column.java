package org.aoissl.report;

/**
 * A table column: its header, how many decimals its numbers get, and which of them to highlight as
 * best. Cells are compared as shown (rounded to {@code decimals}), so ties are highlighted together.
 */
public record Column(String header, int decimals, Best best) {
  public Column {
    header = header == null ? "" : header;
    if (decimals < 0 || decimals > 9) {
      throw new IllegalArgumentException("decimals must be in [0, 9]; got " + decimals);
    }
    if (best == null) {
      throw new IllegalArgumentException("best must not be null; use Best.NONE");
    }
  }

  /** A column of labels or numbers shown with 3 decimals, nothing highlighted. */
  public static Column of(String header) {
    return new Column(header, 3, Best.NONE);
  }

  /** Numbers with {@code decimals} decimals, nothing highlighted (0 decimals: counts). */
  public static Column number(String header, int decimals) {
    return new Column(header, decimals, Best.NONE);
  }

  /** Numbers where larger is better (IoU, F1); the largest is highlighted. */
  public static Column higherBetter(String header, int decimals) {
    return new Column(header, decimals, Best.MAX);
  }

  /** Numbers where smaller is better (loss, time); the smallest is highlighted. */
  public static Column lowerBetter(String header, int decimals) {
    return new Column(header, decimals, Best.MIN);
  }
}
