package org.aoissl.report;

/** One titled part of a {@link Report}; it gets a numbered heading and a line in the contents. */
public sealed interface Section permits Table, BarChart, LineChart, ImageGrid, Notes, Facts {
  String title();
}
