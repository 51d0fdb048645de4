package org.aoissl;

import java.util.SplittableRandom;
import org.junit.jupiter.api.function.Executable;

/**
 * The seed of a randomized test: {@code -Dtests.seed=N} to replay a run, else a fresh one every run. The
 * seed is printed, and an assertion that fails under {@link #check} says it in its message, so a failure
 * seen once (on CI, say) can be replayed exactly.
 */
public final class ReplayableSeed {
  private ReplayableSeed() {}

  /** The seed for {@code test}: {@code -Dtests.seed} when given, else a fresh random one; printed. */
  public static long draw(String test) {
    String fixed = System.getProperty("tests.seed");
    long seed = fixed != null ? Long.parseLong(fixed) : new SplittableRandom().nextLong();
    System.out.println(test + ": " + replay(seed));
    return seed;
  }

  /** Runs a test's body; an assertion failing in it is rethrown with the seed in front of its message. */
  public static void check(long seed, Executable body) throws Throwable {
    try {
      body.execute();
    } catch (AssertionError e) {
      throw new AssertionError(replay(seed) + ": " + e.getMessage(), e);
    }
  }

  private static String replay(long seed) {
    return "seed=" + seed + " (replay with -Dtests.seed=" + seed + ")";
  }
}
