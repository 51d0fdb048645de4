package org.aoissl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Vision Transformer encoder as in MAE/timm: patch embedding, fixed 2-D sin-cos position
 * embeddings, a learned CLS token, {@code depth} pre-norm blocks and a final LayerNorm.
 *
 * <p>Parameters carry timm's names ({@code cls_token}, {@code pos_embed}, {@code
 * patch_embed.proj.weight}, {@code blocks.0.norm1.weight}, ..., {@code norm.bias}) and are
 * initialised as MAE does, from {@link NamedParams}' seeded Java RNG. Parameter arrays live on the
 * model's manager; every forward result lives on the input's manager, so a step run in a child
 * manager that is then closed leaves nothing behind. Images of another size than the training size
 * (any multiple of the patch size, square or not) get bicubically interpolated position embeddings.
 */
public final class VisionTransformer extends AbstractBlock implements AutoCloseable {
  private final VitConfig config;
  private final NamedParams params;
  private final boolean ownsParams;
  private final List<String> names;
  private final Parameter clsToken;
  private final Parameter posEmbed;
  private final PatchEmbed patchEmbed;
  private final List<TransformerBlock> blocks;
  private final Norm norm;

  /**
   * A new encoder whose parameters live on a child of {@code manager}, closed by {@link #close()}.
   */
  public static VisionTransformer create(VitConfig config, NDManager manager, long seed) {
    return new VisionTransformer(config, new NamedParams(manager.newSubManager(), seed), true);
  }

  /** An encoder registering its parameters into {@code params} (shared with a larger model). */
  public VisionTransformer(VitConfig config, NamedParams params) {
    this(config, params, false);
  }

  private VisionTransformer(VitConfig config, NamedParams params, boolean ownsParams) {
    super((byte) 1);
    this.config = config;
    this.params = params;
    this.ownsParams = ownsParams;
    int before = params.names().size();
    int d = config.dim();
    int g = config.gridSize();
    clsToken = params.token("cls_token", d, 0.02);
    posEmbed = params.fixed(
        "pos_embed", new Shape(1, 1 + config.numPatches(), d), PosEmbed.sinCos2d(d, g, g, true));
    patchEmbed = new PatchEmbed(
        params, "patch_embed.proj", config.channels(), config.patchSize(), d);
    List<TransformerBlock> bs = new ArrayList<>();
    for (int i = 0; i < config.depth(); i++) {
      bs.add(new TransformerBlock(params, "blocks." + i, d, config.heads(), config.mlpHidden(),
          config.qkvBias(), config.layerNormEps()));
    }
    blocks = List.copyOf(bs);
    norm = new Norm(params, "norm", d, config.layerNormEps());
    List<String> all = params.names();
    names = List.copyOf(all.subList(before, all.size()));
    for (String name : names) {
      addParameter(params.entry(name).parameter());
    }
  }

  public VitConfig config() {
    return config;
  }

  /** The parameter set this encoder registered into (shared with the enclosing model, if any). */
  public NamedParams params() {
    return params;
  }

  /** This encoder's parameters by timm name, in creation order. */
  public Map<String, Parameter> namedParameters() {
    Map<String, Parameter> m = new LinkedHashMap<>();
    for (String name : names) {
      m.put(name, params.entry(name).parameter());
    }
    return Collections.unmodifiableMap(m);
  }

  /** The patch grid {@code {h, w}} of a batch {@code [N, C, H, W]}, after checking its shape. */
  public int[] grid(NDArray imgs) {
    Shape s = imgs.getShape();
    int p = config.patchSize();
    if (s.dimension() != 4 || s.get(1) != config.channels()) {
      throw new IllegalArgumentException("expected images [N, " + config.channels()
          + ", H, W]; got " + s);
    }
    if (s.get(2) % p != 0 || s.get(3) % p != 0 || s.get(2) == 0 || s.get(3) == 0) {
      throw new IllegalArgumentException("image height and width must be positive multiples of "
          + "the patch size " + p + "; got " + s.get(2) + "x" + s.get(3));
    }
    return new int[] {(int) (s.get(2) / p), (int) (s.get(3) / p)};
  }

  /**
   * Position embeddings {@code [1, 1 + h·w, D]} for a patch grid, on {@code manager}: the fixed
   * ones at the training grid, bicubically interpolated ones (CLS row kept) otherwise.
   */
  public NDArray posEmbed(int gridH, int gridW, NDManager manager) {
    return PosEmbed.onGrid(posEmbed, config.gridSize(), gridH, gridW, manager);
  }

  /** Patch tokens plus their position embeddings: {@code [N, C, H, W] -> [N, h·w, D]}. */
  public NDArray embedPatches(NDArray imgs, NDArray pos) {
    return patchEmbed.forward(imgs).add(pos.get(":, 1:, :"));
  }

  /** The CLS token plus its position embedding, for each of {@code n} images: {@code [n, 1, D]}. */
  public NDArray clsTokens(long n, NDArray pos) {
    NDManager m = pos.getManager();
    NDArray cls = pos.get(":, :1, :").add(clsToken.getArray()); // [1, 1, D]
    return Ops.adopt(cls.broadcast(n, 1, config.dim()), m);
  }

  /** Fused attention kernel (the default) or explicit ops, in every block; see {@link Attention#useFused}. */
  public void useFusedAttention(boolean on) {
    blocks.forEach(b -> b.attention().useFused(on));
  }

  /** Whether the blocks run libtorch's fused attention kernel. */
  public boolean fusedAttention() {
    return blocks.isEmpty() || blocks.get(0).attention().fused();
  }

  /** Runs the blocks {@code from} (inclusive) to {@code to} (exclusive): {@code [N, T, D]}. */
  public NDArray forwardBlocks(NDArray x, int from, int to) {
    NDArray y = x;
    for (int i = from; i < to; i++) {
      y = blocks.get(i).forward(y);
    }
    return y;
  }

  /** The final LayerNorm: {@code [N, T, D] -> [N, T, D]}. */
  public NDArray applyNorm(NDArray x) {
    return norm.forward(x);
  }

  /** Embedded tokens with CLS first, before any block: {@code [N, 1 + h·w, D]}. */
  public NDArray embed(NDArray imgs) {
    int[] g = grid(imgs);
    NDArray pos = posEmbed(g[0], g[1], imgs.getManager());
    NDArray patches = embedPatches(imgs, pos);
    NDArray cls = clsTokens(imgs.getShape().get(0), pos);
    return NDArrays.concat(new NDList(cls, patches), 1);
  }

  /** CLS and patch grid after the final norm. */
  public Features forwardFeatures(NDArray imgs) {
    return forwardFeatures(imgs, new int[0]);
  }

  /**
   * CLS and patch grid after the final norm, and after each block in {@code taps} (0-based; {@code
   * depth-1} is the last block), normalised with the final norm too.
   */
  public Features forwardFeatures(NDArray imgs, int... taps) {
    int[] g = grid(imgs);
    for (int t : taps) {
      if (t < 0 || t >= config.depth()) {
        throw new IllegalArgumentException(
            "block index must be in [0, " + config.depth() + "); got " + t);
      }
    }
    NDArray x = embed(imgs);
    NDArray[] after = new NDArray[config.depth()];
    for (int i = 0; i < config.depth(); i++) {
      x = blocks.get(i).forward(x);
      after[i] = x;
    }
    List<TokenGrid> tapped = new ArrayList<>();
    for (int t : taps) {
      tapped.add(split(applyNorm(after[t]), g));
    }
    return new Features(split(applyNorm(x), g), tapped);
  }

  /** {@code [N, 1 + h·w, D]} into CLS {@code [N, D]} and grid {@code [N, h, w, D]}. */
  private TokenGrid split(NDArray tokens, int[] g) {
    long n = tokens.getShape().get(0);
    NDArray cls = tokens.get(":, 0, :");
    NDArray patches = tokens.get(":, 1:, :").reshape(n, g[0], g[1], config.dim());
    return new TokenGrid(cls, patches);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> unused) {
    Features f = forwardFeatures(inputs.head());
    return new NDList(f.cls(), f.patches());
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    int p = config.patchSize();
    long d = config.dim();
    return new Shape[] {new Shape(s.get(0), d), new Shape(s.get(0), s.get(2) / p, s.get(3) / p, d)};
  }

  /** Closes the parameter arrays if this encoder created its own parameter set. */
  @Override
  public void close() {
    if (ownsParams) {
      params.close();
    }
  }
}
