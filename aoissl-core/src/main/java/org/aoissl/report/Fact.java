package org.aoissl.report;

import java.util.ArrayList;
import java.util.List;

/** A key and its value as text, e.g. {@code ("machine", "2 cores, 7.6 GiB")}. */
public record Fact(String key, String value) {
  public Fact {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("fact key must not be blank");
    }
    value = value == null ? "" : value;
  }

  /** Facts from alternating keys and values: {@code list("machine", "2 cores", "date", "today")}. */
  public static List<Fact> list(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException(
          "facts need a value for every key; got " + keysAndValues.length + " strings");
    }
    List<Fact> out = new ArrayList<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      out.add(new Fact(keysAndValues[i], keysAndValues[i + 1]));
    }
    return out;
  }
}
