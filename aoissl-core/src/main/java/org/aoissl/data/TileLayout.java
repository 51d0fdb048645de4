package org.aoissl.data;

import java.util.List;

/**
 * Where the tiles of one image lie: a grid of {@code rowOrigins × colOrigins}, numbered row-major
 * (tile {@code i} is row {@code i / cols()}, column {@code i % cols()}). An image side shorter than the
 * tile is padded with zeros at the bottom or right; {@link #padBottom()} and {@link #padRight()} say
 * by how much.
 */
public record TileLayout(
    int height,
    int width,
    int tileSize,
    int overlap,
    List<Integer> rowOrigins,
    List<Integer> colOrigins) {
  public TileLayout {
    rowOrigins = List.copyOf(rowOrigins);
    colOrigins = List.copyOf(colOrigins);
    if (height < 1 || width < 1 || tileSize < 1 || rowOrigins.isEmpty() || colOrigins.isEmpty()) {
      throw new IllegalArgumentException(
          "layout needs a positive size, tile size and origins; got " + width + "x" + height
              + ", tile " + tileSize);
    }
  }

  public int rows() {
    return rowOrigins.size();
  }

  public int cols() {
    return colOrigins.size();
  }

  public int tileCount() {
    return rows() * cols();
  }

  /** Top row of tile {@code i} in (padded) image coordinates. */
  public int originY(int i) {
    return rowOrigins.get(i / cols());
  }

  /** Left column of tile {@code i} in (padded) image coordinates. */
  public int originX(int i) {
    return colOrigins.get(i % cols());
  }

  /** Zero rows added below an image shorter than one tile. */
  public int padBottom() {
    return Math.max(0, tileSize - height);
  }

  /** Zero columns added right of an image narrower than one tile. */
  public int padRight() {
    return Math.max(0, tileSize - width);
  }
}
