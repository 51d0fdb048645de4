package org.aoissl.report;

import java.util.List;

/**
 * Rows of captioned images, e.g. per test image its two channels, ground truth, prediction and error
 * map, with a colour legend. Images are shown pixelated (never smoothed) at {@code displayPx} CSS
 * pixels on their longer side, or smaller when the page is narrow.
 */
public record ImageGrid(
    String title, String caption, List<ImageRow> rows, List<LegendEntry> legend, int displayPx)
    implements Section {
  /** Default display size: fits five images in a row of a report page. */
  public static final int DEFAULT_DISPLAY_PX = 256;

  public ImageGrid {
    Report.requireTitle(title);
    caption = caption == null ? "" : caption;
    rows = List.copyOf(rows);
    legend = List.copyOf(legend);
    if (displayPx < 16 || displayPx > 2048) {
      throw new IllegalArgumentException("displayPx must be in [16, 2048]; got " + displayPx);
    }
  }

  public static ImageGrid of(String title, String caption, List<ImageRow> rows) {
    return new ImageGrid(title, caption, rows, List.of(), DEFAULT_DISPLAY_PX);
  }

  public ImageGrid withLegend(List<LegendEntry> entries) {
    return new ImageGrid(title, caption, rows, entries, displayPx);
  }

  public ImageGrid withDisplayPx(int px) {
    return new ImageGrid(title, caption, rows, legend, px);
  }
}
