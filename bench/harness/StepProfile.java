import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.aoissl.model.VitConfig;
import org.aoissl.pretrain.mae.MaeConfig;
import org.aoissl.pretrain.mae.MaeModel;
import org.aoissl.train.AdamW;

/**
 * Runs aoi-t MAE training steps (forward, backward, AdamW) on random images and records STEPS of
 * them, after two warm-up steps, with libtorch's profiler into a Chrome trace (TRACE.json); {@code
 * trace_ops.py} sums the trace's self time per op.
 *
 * <p>Run: {@code java -cp CLASSPATH bench/harness/StepProfile.java SIZE BATCH TRACE.json STEPS}
 */
public class StepProfile {
  public static void main(String[] args) {
    int size = Integer.parseInt(args[0]);
    int batch = Integer.parseInt(args[1]);
    int steps = Integer.parseInt(args[3]);
    Engine engine = Engine.getEngine("PyTorch");
    MaeConfig config = MaeConfig.defaults(VitConfig.preset("aoi-t", size, 2));
    try (NDManager base = engine.newBaseManager();
        MaeModel model = MaeModel.create(config, base, 1);
        AdamW opt = new AdamW(AdamW.Config.MAE, base)) {
      Map<String, NDArray> params = new LinkedHashMap<>();
      Set<String> noDecay = new HashSet<>();
      for (var e : model.params().trainable()) {
        params.put(e.name(), e.array());
        if (!e.decay()) {
          noDecay.add(e.name());
        }
      }
      SplittableRandom rng = new SplittableRandom(1);
      for (int i = 0; i < 2 + steps; i++) {
        if (i == 2) {
          JniUtils.startProfile(false, true, false);
        }
        long t0 = System.nanoTime();
        long t1;
        long t2;
        long t3;
        try (NDManager m = base.newSubManager(); NDScope ignored = new NDScope()) {
          NDArray imgs = m.randomUniform(0f, 1f, new Shape(batch, 2, size, size));
          try (GradientCollector gc = engine.newGradientCollector()) {
            MaeModel.Output o = model.forward(imgs, rng);
            o.loss().getFloat();
            t1 = System.nanoTime();
            gc.backward(o.loss());
            t2 = System.nanoTime();
          }
          opt.step(params, noDecay, 1e-4, 1.0, 0.05);
          t3 = System.nanoTime();
        }
        System.out.printf("step %d%s forward %.0f backward %.0f optimizer %.0f ms%n", i,
            i < 2 ? " (warm-up)" : "", (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
      }
      JniUtils.stopProfile(args[2]);
    }
  }
}
