package org.aoissl.report;

import java.util.List;

/** A section of key–value facts, shown as a two-column list. */
public record Facts(String title, List<Fact> facts) implements Section {
  public Facts {
    Report.requireTitle(title);
    facts = List.copyOf(facts);
  }

  /** Facts from alternating keys and values (see {@link Fact#list}). */
  public static Facts of(String title, String... keysAndValues) {
    return new Facts(title, Fact.list(keysAndValues));
  }
}
