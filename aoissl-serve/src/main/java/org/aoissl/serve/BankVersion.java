package org.aoissl.serve;

import org.aoissl.retrieval.MemoryBank;

/**
 * One version of a served bank, as recorded in the bank file's provenance.
 *
 * @param parent the version this one was made from (0 for a bank as built)
 * @param change what made it ("built", "add IMAGE", "revert to v3")
 * @param by who made it (a token's name)
 * @param time when, ISO-8601 UTC
 */
public record BankVersion(int version, int parent, String change, String by, String time, int images, int entries) {
  static final String VERSION = "version";
  static final String PARENT = "version.parent";
  static final String CHANGE = "version.change";
  static final String BY = "version.by";
  static final String TIME = "version.time";

  /** The version a bank records; a bank never changed by the service is version 1, built by its maker. */
  static BankVersion of(MemoryBank bank) {
    var p = bank.provenance();
    int v = Integer.parseInt(p.getOrDefault(VERSION, "1"));
    int parent = Integer.parseInt(p.getOrDefault(PARENT, "0"));
    return new BankVersion(v, parent, p.getOrDefault(CHANGE, "built"), p.getOrDefault(BY, "bank build"),
        p.getOrDefault(TIME, p.getOrDefault("created", "")), bank.numImages(), bank.size());
  }

  /** Records a new version in the bank's provenance. */
  static void stamp(MemoryBank bank, int version, int parent, String change, String by) {
    bank.putProvenance(VERSION, Integer.toString(version));
    bank.putProvenance(PARENT, Integer.toString(parent));
    bank.putProvenance(CHANGE, change);
    bank.putProvenance(BY, by);
    bank.putProvenance(TIME, java.time.Instant.now().toString());
  }
}
