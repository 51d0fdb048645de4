package org.aoissl.pretrain;

import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aoissl.pretrain.dino.DinoConfig;
import org.aoissl.pretrain.dino.DinoObjective;
import org.aoissl.pretrain.ibot.IbotConfig;
import org.aoissl.pretrain.ibot.IbotObjective;
import org.aoissl.pretrain.mae.MaeObjective;

/**
 * The one place where a pre-training method's name becomes its objective and its defaults. Adding a
 * method is one {@link Objective} class and one {@link #register} line; {@link PretrainConfig},
 * {@link PretrainLoop}, {@code aoissl pretrain} and the experiment look methods up here.
 */
public final class PretrainMethods {
  /** Builds a method's objective with fresh weights from a run's state (its checkpoint is restored after). */
  @FunctionalInterface
  public interface ObjectiveFactory {
    Objective create(PretrainState state, NDManager manager);
  }

  /**
   * A registered method.
   *
   * @param masked whether it is a masked autoencoder (its state carries a {@code MaeConfig}; crop scales
   *     and mask ratio apply)
   * @param distillation whether it is a self-distillation method (needs {@link DinoConfig} settings)
   * @param patchTokens whether it also needs iBOT's masked-patch settings ({@link IbotConfig})
   * @param warmup default warm-up fraction
   * @param weightDecay default weight decay (the start of the schedule for distillation)
   * @param clipGrad default gradient limit (global for autoencoders, per parameter for distillation)
   */
  public record Entry(String name, String help, boolean masked, boolean distillation, boolean patchTokens,
      double warmup, double weightDecay, double clipGrad, ObjectiveFactory objective) {}

  private static final Map<String, Entry> METHODS = new LinkedHashMap<>();

  static {
    register(new Entry("mae", "masked autoencoder: reconstruct removed patches", true, false, false, 0.05, 0.05,
        5.0, (st, m) -> new MaeObjective(st.mae(), m, st.config().seed())));
    register(new Entry("dino", "self-distillation of a student from an EMA teacher over multi-crop views", false,
        true, false, 0.1, 0.04, 3.0,
        (st, m) -> new DinoObjective(st.vit(), st.config().dino(), m, st.config().seed())));
    register(new Entry("ibot", "DINO plus a masked-patch distillation loss on the patch tokens", false, true, true,
        0.1, 0.04, 3.0,
        (st, m) -> new IbotObjective(st.vit(), st.config().dino(), st.config().ibot(), m, st.config().seed())));
  }

  private PretrainMethods() {}

  /** Adds a method under its name; refused when the name is taken. */
  public static synchronized void register(Entry e) {
    if (METHODS.containsKey(e.name())) {
      throw new IllegalArgumentException("a pre-training method named '" + e.name() + "' exists");
    }
    METHODS.put(e.name(), e);
  }

  /** Removes a method added with {@link #register} (the built-in ones stay). */
  public static synchronized void unregister(String name) {
    if (List.of("mae", "dino", "ibot").contains(name)) {
      throw new IllegalArgumentException("the built-in method '" + name + "' cannot be removed");
    }
    METHODS.remove(name);
  }

  public static synchronized List<String> names() {
    return List.copyOf(METHODS.keySet());
  }

  public static synchronized boolean exists(String name) {
    return METHODS.containsKey(name);
  }

  /** The method of that name; refused with the known names when there is none. */
  public static synchronized Entry get(String name) {
    Entry e = METHODS.get(name);
    if (e == null) {
      throw new IllegalArgumentException("method must be one of " + String.join(", ", METHODS.keySet()) + "; got "
          + name);
    }
    return e;
  }

  /** The DINO settings a method starts from: iBOT's own defaults for patch-token methods. */
  static DinoConfig dinoDefaults(Entry e, int imageSize, int patch) {
    return e.patchTokens() ? DinoConfig.ibotDefaults(imageSize, patch) : DinoConfig.defaults(imageSize, patch);
  }
}
