package org.aoissl.report;

/** Which numeric cell of a table column to highlight: none, the largest or the smallest. */
public enum Best {
  NONE,
  MAX,
  MIN
}
