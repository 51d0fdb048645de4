package org.aoissl.data;

/** One tile cut from a larger image, with its top-left corner in the (padded) image. */
public record Tile(int y, int x, AoiImage image) {}
