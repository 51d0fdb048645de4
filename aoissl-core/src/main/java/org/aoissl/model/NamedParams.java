package org.aoissl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The parameters of one model under stable timm-style names ({@code blocks.0.attn.qkv.weight}), in
 * creation order, each with whether it is trained and whether weight decay applies. Checkpoints and
 * weight imports address parameters by these names. Owns the manager the parameter arrays live on.
 */
public final class NamedParams implements AutoCloseable {
  /**
   * One parameter.
   *
   * @param trainable false for fixed values (sin-cos position embeddings): no gradient, no update
   * @param decay whether AdamW weight decay applies (not to biases, norms, position embeddings,
   *     CLS/mask tokens)
   */
  public record Entry(String name, Parameter parameter, boolean trainable, boolean decay) {
    public NDArray array() {
      return parameter.getArray();
    }
  }

  private final NDManager manager;
  private final long seed;
  private final Map<String, Entry> entries;
  private final String prefix;
  private final boolean trainableScope;
  private final boolean owner;

  /**
   * @param manager owned from now on: {@link #close()} closes it with every parameter array
   * @param seed seed of every initial value
   */
  public NamedParams(NDManager manager, long seed) {
    this(manager, seed, new LinkedHashMap<>(), "", true, true);
  }

  private NamedParams(NDManager manager, long seed, Map<String, Entry> entries, String prefix,
      boolean trainableScope, boolean owner) {
    this.manager = manager;
    this.seed = seed;
    this.entries = entries;
    this.prefix = prefix;
    this.trainableScope = trainableScope;
    this.owner = owner;
  }

  /**
   * A view that registers into this same set under {@code prefix + name}; with {@code trainable}
   * false every parameter it adds is frozen (no gradient, no update, no decay), as a self-distillation
   * teacher's. Two networks of one architecture can so live in one set (student {@code student.*},
   * teacher under the plain names). Lookups ({@link #entry}, {@link #names}) use full names; closing
   * a view closes nothing.
   */
  public NamedParams scoped(String prefix, boolean trainable) {
    return new NamedParams(manager, seed, entries, this.prefix + prefix, trainableScope && trainable,
        false);
  }

  public NDManager manager() {
    return manager;
  }

  public long seed() {
    return seed;
  }

  /** A Linear weight {@code [out, in]}, Xavier-uniform, decayed. */
  public Parameter linearWeight(String name, int out, int in) {
    return add(name, new Shape(out, in), SeededInit.xavierUniform(stream(name), out, in),
        Parameter.Type.WEIGHT, true, true);
  }

  /**
   * A weight of any shape initialised Xavier-uniform as the matrix {@code [fanOut, fanIn]} (MAE's
   * patch embedding: the conv weight {@code [D, C, p, p]} seen as {@code [D, C·p·p]}), decayed.
   */
  public Parameter matrixWeight(String name, Shape shape, int fanOut, int fanIn) {
    if ((long) fanOut * fanIn != shape.size()) {
      throw new IllegalArgumentException(name + ": " + shape + " is not " + fanOut + "x" + fanIn);
    }
    return add(name, shape, SeededInit.xavierUniform(stream(name), fanOut, fanIn),
        Parameter.Type.WEIGHT, true, true);
  }

  /** A bias, zeros, not decayed. */
  public Parameter bias(String name, int size) {
    return add(name, new Shape(size), new float[size], Parameter.Type.BIAS, true, false);
  }

  /** A bias with the given initial values, not decayed. */
  public Parameter bias(String name, float[] init) {
    return add(name, new Shape(init.length), init, Parameter.Type.BIAS, true, false);
  }

  /** A LayerNorm weight, ones, not decayed. */
  public Parameter normWeight(String name, int size) {
    return add(name, new Shape(size), SeededInit.constant(size, 1f), Parameter.Type.GAMMA, true,
        false);
  }

  /** A LayerNorm bias, zeros, not decayed. */
  public Parameter normBias(String name, int size) {
    return add(name, new Shape(size), new float[size], Parameter.Type.BETA, true, false);
  }

  /** A learned token {@code [1, 1, dim]} (CLS, mask), N(0, std²), not decayed. */
  public Parameter token(String name, int dim, double std) {
    return add(name, new Shape(1, 1, dim), SeededInit.normal(stream(name), dim, std),
        Parameter.Type.OTHER, true, false);
  }

  /** A weight of any shape with given initial values. */
  public Parameter weight(String name, Shape shape, float[] values, boolean decay) {
    return add(name, shape, values, Parameter.Type.WEIGHT, true, decay);
  }

  /** Fixed values (no gradient, no update, no decay). */
  public Parameter fixed(String name, Shape shape, float[] values) {
    return add(name, shape, values, Parameter.Type.OTHER, false, false);
  }

  /** The initial-value stream of a parameter added here as {@code name} (prefix included). */
  public SplittableRandom stream(String name) {
    return SeededInit.stream(seed, prefix + name);
  }

  private Parameter add(
      String localName, Shape shape, float[] values, Parameter.Type type, boolean trainableFlag,
      boolean decayFlag) {
    String name = prefix + localName;
    boolean trainable = trainableFlag && trainableScope;
    boolean decay = decayFlag && trainableScope;
    if (entries.containsKey(name)) {
      throw new IllegalStateException("duplicate parameter name " + name);
    }
    NDArray array = manager.create(values, shape);
    array.setName(name);
    Parameter p = Parameter.builder().setName(name).setType(type).optShape(shape)
        .optArray(array).optRequiresGrad(trainable).build();
    if (trainable) {
      array.setRequiresGradient(true);
    }
    entries.put(name, new Entry(name, p, trainable, decay));
    return p;
  }

  /** Every parameter by name, in creation order. */
  public Map<String, Parameter> asMap() {
    Map<String, Parameter> m = new LinkedHashMap<>();
    entries.forEach((k, e) -> m.put(k, e.parameter()));
    return Collections.unmodifiableMap(m);
  }

  /** Every entry, in creation order. */
  public List<Entry> entries() {
    return List.copyOf(entries.values());
  }

  /** The entries an optimizer updates, in creation order. */
  public List<Entry> trainable() {
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.trainable()) {
        out.add(e);
      }
    }
    return out;
  }

  public Entry entry(String name) {
    Entry e = entries.get(name);
    if (e == null) {
      throw new IllegalArgumentException("no parameter named " + name);
    }
    return e;
  }

  public List<String> names() {
    return List.copyOf(entries.keySet());
  }

  /** Total number of values over all trainable parameters. */
  public long trainableCount() {
    long n = 0;
    for (Entry e : trainable()) {
      n += e.parameter().getArray().size();
    }
    return n;
  }

  @Override
  public void close() {
    if (owner) {
      manager.close();
    }
  }
}
