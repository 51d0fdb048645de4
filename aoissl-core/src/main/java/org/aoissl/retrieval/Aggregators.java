package org.aoissl.retrieval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one place where an aggregator name becomes an aggregator: each patch aggregator is registered
 * with a factory (from β), whether β matters to it, and a line of help. Segmenting, tuning, the sweep
 * and the option checks all look names up here; {@link #IMAGE} is the one non-patch method (image-level
 * blending by CLS similarity, {@link ImageAggregator}), always available. Adding an aggregator is one
 * class implementing {@link Aggregator} and one {@link #register} line.
 */
public final class Aggregators {
  /** Image-level retrieval: blend the masks of the support images nearest by CLS feature. */
  public static final String IMAGE = "image";

  /**
   * A registered patch aggregator.
   *
   * @param usesBeta whether β changes its weights (tuned over a grid, shown in labels, part of the scores)
   */
  public record Entry(String name, String help, boolean usesBeta, Function<Float, Aggregator> factory) {}

  private static final Map<String, Entry> PATCH = new LinkedHashMap<>();

  static {
    register(new Entry("distance", "inverse-distance weighted kNN over the neighbours' labels", false,
        beta -> new DistanceAggregator()));
    register(new Entry("attention", "softmax of cosine / β over the neighbours, as Hummingbird", true,
        AttentionAggregator::new));
  }

  private Aggregators() {}

  /** Adds a patch aggregator under its name; refused when the name is taken. */
  public static synchronized void register(Entry e) {
    if (e.name().equals(IMAGE) || PATCH.containsKey(e.name())) {
      throw new IllegalArgumentException("an aggregator named '" + e.name() + "' exists");
    }
    PATCH.put(e.name(), e);
  }

  /** Removes a patch aggregator registered with {@link #register} (the built-in ones stay). */
  public static synchronized void unregister(String name) {
    if (name.equals("distance") || name.equals("attention")) {
      throw new IllegalArgumentException("the built-in aggregator '" + name + "' cannot be removed");
    }
    PATCH.remove(name);
  }

  /** Patch aggregator names, in registration order. */
  public static synchronized List<String> patchMethods() {
    return List.copyOf(PATCH.keySet());
  }

  /** Every method name: the patch aggregators, then {@link #IMAGE}. */
  public static synchronized List<String> methods() {
    List<String> all = new ArrayList<>(PATCH.keySet());
    all.add(IMAGE);
    return all;
  }

  public static synchronized boolean exists(String name) {
    return name.equals(IMAGE) || PATCH.containsKey(name);
  }

  /** Whether β matters to the method (false for {@link #IMAGE} and unknown names). */
  public static synchronized boolean usesBeta(String name) {
    Entry e = PATCH.get(name);
    return e != null && e.usesBeta();
  }

  /** The patch aggregator of that name with that β. */
  public static Aggregator create(String name, float beta) {
    Entry e;
    synchronized (Aggregators.class) {
      e = PATCH.get(name);
    }
    if (e == null) {
      throw new IllegalArgumentException("no patch aggregator '" + name + "'; known: " + patchMethods());
    }
    return e.factory().apply(beta);
  }

  /** "distance, attention or image" for messages. */
  static String describe() {
    List<String> m = methods();
    return String.join(", ", m.subList(0, m.size() - 1)) + " or " + m.get(m.size() - 1);
  }
}
