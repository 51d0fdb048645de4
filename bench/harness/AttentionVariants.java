import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import org.aoissl.model.Sdpa;

/**
 * Times the attention core of one block (from the fused qkv output to the merged heads, forward and
 * backward) four ways: q/k/v taken by three selects or by one split, attention by explicit ops or by
 * libtorch's fused kernel. Variants are interleaved and the best of REPS kept, so that load from
 * other processes hurts every variant alike.
 *
 * <p>Run: {@code java -cp CLASSPATH bench/harness/AttentionVariants.java N TOKENS REPS}
 */
public class AttentionVariants {
  public static void main(String[] args) {
    int n = Integer.parseInt(args[0]);
    int l = Integer.parseInt(args[1]);
    int reps = Integer.parseInt(args[2]);
    int h = 6;
    int dh = 64;
    String[] names = {"select+explicit", "split+explicit", "select+fused", "split+fused"};
    Engine engine = Engine.getEngine("PyTorch");
    try (NDManager base = engine.newBaseManager()) {
      NDArray qkv = base.randomNormal(new Shape(n, l, 3 * h * dh));
      qkv.setRequiresGradient(true);
      double[][] best = new double[4][2];
      for (double[] b : best) {
        Arrays.fill(b, Double.MAX_VALUE);
      }
      for (int r = 0; r < reps; r++) {
        for (int variant = 0; variant < 4; variant++) {
          try (NDManager m = base.newSubManager(); NDScope ignored = new NDScope()) {
            NDArray w = m.randomNormal(new Shape(n, l, h * dh));
            long t0;
            long t1;
            long t2;
            try (GradientCollector gc = engine.newGradientCollector()) {
              t0 = System.nanoTime();
              NDArray fused = qkv.reshape(n, l, 3, h, dh);
              NDArray q;
              NDArray k;
              NDArray v;
              if (variant % 2 == 0) {
                NDArray f = fused.transpose(2, 0, 3, 1, 4);
                q = f.get(0);
                k = f.get(1);
                v = f.get(2);
              } else {
                NDList p = fused.split(3, 2);
                q = p.get(0).squeeze(2).swapAxes(1, 2);
                k = p.get(1).squeeze(2).swapAxes(1, 2);
                v = p.get(2).squeeze(2).swapAxes(1, 2);
              }
              NDArray o = variant < 2 ? Sdpa.explicit(q, k, v) : Sdpa.attend(q, k, v);
              NDArray loss = o.transpose(0, 2, 1, 3).reshape(n, l, h * dh).mul(w).sum();
              loss.getFloat();
              t1 = System.nanoTime();
              gc.backward(loss);
              t2 = System.nanoTime();
            }
            qkv.getGradient().muli(0);
            best[variant][0] = Math.min(best[variant][0], (t1 - t0) / 1e6);
            best[variant][1] = Math.min(best[variant][1], (t2 - t1) / 1e6);
          }
        }
      }
      System.out.printf("N=%d L=%d heads=%d Dh=%d threads=%s fused kernel available=%s%n", n, l, h,
          dh, System.getProperty("ai.djl.pytorch.num_threads", "default"), Sdpa.fused());
      for (int i = 0; i < 4; i++) {
        System.out.printf("  %-16s fwd %7.1f  bwd %7.1f  total %7.1f ms%n", names[i], best[i][0],
            best[i][1], best[i][0] + best[i][1]);
      }
    }
  }
}
