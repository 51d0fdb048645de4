package org.aoissl.report;

import java.util.List;

/** A table section: a caption, columns and rows of cells (one per column). */
public record Table(String title, String caption, List<Column> columns, List<List<Cell>> rows)
    implements Section {
  public Table {
    Report.requireTitle(title);
    caption = caption == null ? "" : caption;
    columns = List.copyOf(columns);
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("table '" + title + "' needs at least one column");
    }
    rows = rows.stream().map(List::copyOf).toList();
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).size() != columns.size()) {
        throw new IllegalArgumentException("table '" + title + "' row " + i + " has "
            + rows.get(i).size() + " cells; expected " + columns.size());
      }
    }
  }
}
