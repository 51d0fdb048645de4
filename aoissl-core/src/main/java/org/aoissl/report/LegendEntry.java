package org.aoissl.report;

/** A colour swatch and what it means, e.g. {@code ("false positive", 0xE69F00)}. */
public record LegendEntry(String label, int rgb) {
  public LegendEntry {
    label = label == null ? "" : label;
    rgb &= 0xFFFFFF;
  }
}
