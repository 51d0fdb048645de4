import java.util.Arrays;
import org.aoissl.bench.Machine;
import org.aoissl.bench.StepTimes;
import org.aoissl.bench.TrainBench;
import org.aoissl.bench.TrainBenchResult;
import org.aoissl.bench.TrainRate;

/**
 * One markdown row per size from {@link TrainBench} (what {@code aoissl bench train} runs), labelled,
 * for before/after tables: run it against different builds of the model and optimizer classes.
 *
 * <p>Run: {@code java -cp CLASSPATH bench/harness/TrainRows.java LABEL SIZES BATCHES WARMUP STEPS}
 * (SIZES and BATCHES comma-separated; aoi-t, 2 channels, matmul sizes 1024 and 2048, seed 0).
 */
public class TrainRows {
  public static void main(String[] args) {
    int[] sizes = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
    int[] batches = Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
    TrainBench.Options o = new TrainBench.Options("aoi-t", sizes, 2, batches,
        Integer.parseInt(args[3]), Integer.parseInt(args[4]), new int[] {1024, 2048}, false, 0);
    String load = Machine.loadAverage();
    TrainBenchResult r = new TrainBench(TrainBench.Listener.NONE).run(o);
    for (TrainRate t : r.rates()) {
      StepTimes s = t.times();
      System.out.printf("| %s | %d² | %d | %.0f | %.2f | %.2f | %.2f | %.0f | %.0f | %.0f | %.0f |"
          + " %s → %s |%n", args[0], t.imageSize(), t.batch(), r.peak().gflops(),
          t.imagesPerSecond(), t.mfu(r.peak()), t.medianMfu(r.peak()), s.forward() * 1e3,
          s.backward() * 1e3, s.optimizer() * 1e3, s.total() * 1e3, load, Machine.loadAverage());
    }
  }
}
