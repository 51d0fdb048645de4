package org.aoissl.report;

/** One method's bars in a {@link BarChart}: a value per group (NaN: no bar, shown as "n/a"). */
public record BarSeries(String name, double[] values) {
  public BarSeries {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("series name must not be blank");
    }
    values = values.clone();
  }

  @Override
  public double[] values() {
    return values.clone();
  }
}
