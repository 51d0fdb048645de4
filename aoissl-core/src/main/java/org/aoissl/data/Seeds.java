package org.aoissl.data;

/** Derived seeds: independent, well-spread streams from one master seed (SplitMix64 finaliser). */
public final class Seeds {
  private Seeds() {}

  /** A seed for item {@code index} of stream {@code stream} under {@code seed}. */
  public static long mix(long seed, long stream, long index) {
    long z = seed ^ (stream * 0xD1B54A32D192ED03L) ^ (index * 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
