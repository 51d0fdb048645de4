import java.util.Locale;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * How fast this machine streams a float array from memory with one thread and with all cores: the floor
 * under any search that must read most of a bank's keys (1 GiB read five times per thread count, each
 * time reported; the first reads include compiling the loop). Usage: java --add-modules jdk.incubator.vector -Xmx2g bench/harness/MemoryBandwidth.java
 */
public class MemoryBandwidth {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  public static void main(String[] a) {
    int n = 1 << 28;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (i & 1023) == 0 ? 1 : 0; // sums stay exact in float, so every thread count prints the same
    }
    int cores = Runtime.getRuntime().availableProcessors();
    for (int threads : new int[] {1, cores}) {
      for (int rep = 0; rep < 5; rep++) {
        long t0 = System.nanoTime();
        double sum = IntStream.range(0, threads).parallel().mapToDouble(p -> {
          int lo = (int) ((long) n * p / threads);
          int hi = (int) ((long) n * (p + 1) / threads);
          FloatVector acc = FloatVector.zero(S);
          for (int i = lo; i < hi; i += S.length()) {
            acc = acc.add(FloatVector.fromArray(S, x, i));
          }
          return acc.reduceLanes(VectorOperators.ADD);
        }).sum();
        double sec = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%d thread(s): %.1f GB/s (checksum %.0f)%n", threads, 4.0 * n / sec / 1e9, sum);
      }
    }
  }
}
