package org.aoissl.report;

import java.util.Locale;

/** Escaping and number formatting shared by the HTML and SVG writers. */
final class Html {
  /** Colour-blind-safe series colours (Okabe & Ito), yellow last: it is faint on white. */
  private static final int[] SERIES = {
    0x0072B2, 0xE69F00, 0x009E73, 0xD55E00, 0xCC79A7, 0x56B4E9, 0x000000, 0xF0E442
  };

  private Html() {}

  /** Text safe inside elements and quoted attributes. */
  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** A number with {@code decimals} decimals and thousands separators; NaN and ±∞ as "–". */
  static String num(double v, int decimals) {
    if (!Double.isFinite(v)) {
      return "–";
    }
    String s = String.format(Locale.ROOT, "%,." + decimals + "f", v);
    return s.startsWith("-") && s.matches("-[0,.]*") ? s.substring(1) : s; // no "-0.00"
  }

  /** An SVG coordinate: one decimal is plenty at screen resolution. */
  static String xy(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String hex(int rgb) {
    return String.format(Locale.ROOT, "#%06x", rgb & 0xFFFFFF);
  }

  static int seriesColour(int i) {
    return SERIES[i % SERIES.length];
  }
}
