package org.aoissl.data;

import java.util.List;

/** The tiles of one image in layout order, with the layout that places them (and reports padding). */
public record Tiling(TileLayout layout, List<Tile> tiles) {
  public Tiling {
    tiles = List.copyOf(tiles);
    if (tiles.size() != layout.tileCount()) {
      throw new IllegalArgumentException(
          tiles.size() + " tiles for a layout of " + layout.tileCount());
    }
  }
}
