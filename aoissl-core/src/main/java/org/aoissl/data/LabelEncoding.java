package org.aoissl.data;

/** How a label PNG stores classes. */
public enum LabelEncoding {
  /**
   * One class per pixel: 0 background, {@code k + 1} class k, 255 ignore (the authors' {@code lbl/}
   * maps). Writing a multi-label mask this way keeps the lowest-indexed class of each pixel.
   */
  IDS,
  /** Bit k set = class k (multi-label); the value 255 = ignore. */
  BITS;

  public static LabelEncoding parse(String s) {
    return switch (s.toLowerCase(java.util.Locale.ROOT)) {
      case "ids", "id" -> IDS;
      case "bits", "bitmask" -> BITS;
      default -> throw new IllegalArgumentException("label encoding must be ids or bits; got " + s);
    };
  }
}
