package org.aoissl.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.aoissl.io.BadInputException;

/**
 * Maps published ViT weights (timm or Hugging Face {@code ViTModel} names, see {@link VitNaming}) onto
 * our encoder's parameters, so a generic pre-trained backbone can stand in for a self-supervised one.
 *
 * <p>The architecture is read from the weights (width, depth, patch size, MLP width, qkv bias, the
 * position-embedding grid); the number of heads cannot be, so it comes from a preset, an explicit value,
 * or the usual one for the width (192→3, 384→6, 768→12, 1024→16, 1280→16). Adaptations, each reported:
 * <ul>
 *   <li>input channels: a patch embedding over {@code I} channels becomes one over our {@code C} by
 *       giving every channel the sum of the {@code I} source channels divided by {@code C}, so an image
 *       whose channels are all equal gets exactly the response the source gave that grey image (for
 *       {@code I = 3, C = 1} this is timm's {@code adapt_input_conv}; for other {@code C} timm repeats R,
 *       G, B cyclically and scales by 3/C, which does not have this property);
 *   <li>position embeddings: resampled bicubically (PyTorch's rule, CLS row kept) when the source grid
 *       is not ours; a source without a CLS row (timm's {@code no_embed_class}) gets a zero row, which
 *       computes the same;
 *   <li>Hugging Face's separate query, key and value projections are concatenated in that order along
 *       the output axis into {@code qkv}.
 * </ul>
 * Classification and pooling heads are ignored and listed. Every parameter of the encoder must be
 * filled, and every other tensor under the encoder's prefix must be a head; anything else (layer scale,
 * register or distillation tokens, q/k norms) is refused, as the encoder would then compute something
 * else than the source model.
 */
public final class VitImport {
  private static final int LIST_LIMIT = 8;

  /**
   * What to build (besides the channel count, which is the data's).
   *
   * @param preset a {@link VitConfig#PRESETS} name the weights must match, or null
   * @param imageSize training image size, or null for the source's (position grid × patch)
   * @param heads attention heads, or null for the preset's or the usual number for the width
   */
  public record Options(String preset, Integer imageSize, Integer heads) {
    /** Everything from the weights (and the usual number of heads). */
    public static Options inferred() {
      return new Options(null, null, null);
    }
  }

  /** One of our parameters and the source tensors (full names) it was filled from. */
  public record Mapping(String parameter, List<String> sources) {}

  /**
   * Imported weights, by our parameter names, with what was done to them.
   *
   * @param weights every parameter's values, row-major in our shapes
   * @param ignored source tensors not used (heads, and anything outside the encoder's prefix)
   */
  public record Result(
      VitConfig config, VitNaming naming, String prefix, Map<String, float[]> weights, List<Mapping> mapped,
      List<String> ignored, String heads, String channelAdaptation, String posEmbedAdaptation) {

    /** Copies the weights into an encoder built from {@link #config()}. */
    public void copyInto(VisionTransformer vit) {
      if (!vit.config().equals(config)) {
        throw new IllegalArgumentException("encoder " + vit.config() + " is not the imported " + config);
      }
      vit.namedParameters().forEach((name, p) -> {
        float[] w = weights.get(name);
        if (w == null || w.length != p.getArray().size()) {
          throw new IllegalStateException("imported weights do not fit parameter " + name);
        }
        p.getArray().set(w);
      });
    }

    /** How the weights were imported, for a checkpoint's provenance. */
    public Map<String, String> provenance() {
      Map<String, String> p = new LinkedHashMap<>();
      p.put("importNames", naming.label() + (prefix.isEmpty() ? "" : ", prefix " + prefix));
      p.put("importMapped", mapped.size() + " parameters from " + mapped.stream().mapToInt(m -> m.sources().size())
          .sum() + " tensors");
      p.put("importIgnored", ignored.isEmpty() ? "none" : String.join(", ", ignored));
      p.put("importHeads", heads);
      p.put("importChannels", channelAdaptation);
      p.put("importPosEmbed", posEmbedAdaptation);
      p.put("importLayerNormEps", Double.toString(config.layerNormEps()));
      return p;
    }
  }

  private VitImport() {}

  /**
   * Reads and maps every encoder weight of {@code st} for images of {@code channels} channels; a file
   * that does not fit is a {@link BadInputException} naming it and the problem.
   */
  public static Result read(Safetensors st, int channels, Options options) throws IOException {
    Path file = st.file();
    VitNaming.Located at = VitNaming.locate(st);
    VitNaming naming = at.naming();
    String prefix = at.prefix();
    Map<String, Safetensors.Entry> local = at.local();
    List<String> ignored = new ArrayList<>(at.outside());
    // The architecture the weights describe.
    long[] pw = local.get(naming.patchWeight()).shape();
    if (pw.length != 4 || pw[2] != pw[3] || pw[0] < 1 || pw[1] < 1 || pw[2] < 1) {
      throw new BadInputException(file, "patch embedding " + prefix + naming.patchWeight() + " has shape "
          + Arrays.toString(pw) + "; expected [dim, channels, patch, patch]");
    }
    int dim = (int) pw[0];
    int srcChannels = (int) pw[1];
    int patch = (int) pw[2];
    int depth = depth(file, naming, local.keySet(), prefix);
    String fc1 = naming.sources("blocks.0.mlp.fc1.weight").get(0);
    Safetensors.Entry fc1e = require(file, local, prefix, fc1, "blocks.0.mlp.fc1.weight");
    int hidden = (int) fc1e.shape()[0];
    boolean qkvBias = naming.sources("blocks.0.attn.qkv.bias").stream().anyMatch(local::containsKey);
    String clsName = naming.sources("cls_token").get(0);
    if (!local.containsKey(clsName)) {
      throw new BadInputException(file, "has no CLS token (" + prefix + clsName + "); ViTs without one "
          + "(timm class_token=False, global average pooling) are not supported");
    }
    String posName = naming.sources("pos_embed").get(0);
    Safetensors.Entry pos = require(file, local, prefix, posName, "pos_embed");
    long[] ps = pos.shape();
    if (ps.length < 2 || ps[ps.length - 1] != dim || pos.count() / dim > Integer.MAX_VALUE) {
      throw new BadInputException(file, "position embedding " + prefix + posName + " has shape "
          + Arrays.toString(ps) + "; expected [1, tokens, " + dim + "]");
    }
    int tokens = (int) (pos.count() / dim);
    int srcGrid = squareRoot(tokens - 1);
    boolean clsRow = srcGrid > 0;
    if (!clsRow) {
      srcGrid = squareRoot(tokens);
    }
    if (srcGrid <= 0) {
      throw new BadInputException(file, "position embedding " + prefix + posName + " has " + tokens
          + " tokens: not a square grid with or without a CLS row");
    }
    VitConfig config = config(file, channels, options, naming, srcGrid, patch, dim, depth, hidden, qkvBias);
    String heads = options.heads() != null ? options.heads() + " (given)"
        : options.preset() != null ? config.heads() + " (preset " + options.preset() + ")"
            : config.heads() + " (usual for dim " + dim + ")";

    // Every parameter from its sources; everything else must be a head.
    List<String> names = parameterNames(config);
    List<String> missing = new ArrayList<>();
    for (String ours : names) {
      for (String s : naming.sources(ours)) {
        if (!local.containsKey(s)) {
          missing.add(ours + (s.equals(ours) && prefix.isEmpty() ? "" : " (" + prefix + s + ")"));
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new BadInputException(file, "has no tensor for " + shortList(missing));
    }
    Set<String> used = new LinkedHashSet<>();
    names.forEach(n -> used.addAll(naming.sources(n)));
    List<String> unexpected = new ArrayList<>();
    for (String name : local.keySet()) {
      if (!used.contains(name)) {
        if (naming.isHead(name)) {
          ignored.add(prefix + name);
        } else {
          unexpected.add(prefix + name);
        }
      }
    }
    if (!unexpected.isEmpty()) {
      throw new BadInputException(file, "has tensors the encoder has no place for: " + shortList(unexpected)
          + " (layer scale, register or distillation tokens, q/k norms are not supported)");
    }
    Map<String, float[]> weights = new LinkedHashMap<>();
    List<Mapping> mapped = new ArrayList<>();
    int g = config.gridSize();
    String posNote = srcGrid == g ? srcGrid + "x" + srcGrid + " grid, as is"
        : srcGrid + "x" + srcGrid + " -> " + g + "x" + g + " grid, bicubic, CLS row kept";
    if (!clsRow) {
      posNote += "; the source has no CLS row (timm no_embed_class): a zero row, which computes the same";
    }
    for (String ours : names) {
      List<String> srcs = naming.sources(ours);
      long[] shape = shape(config, ours);
      float[] values;
      if (ours.equals("pos_embed")) {
        float[] v = st.read(prefix + posName);
        if (!clsRow) {
          float[] withCls = new float[v.length + dim];
          System.arraycopy(v, 0, withCls, dim, v.length);
          v = withCls;
        }
        values = PosEmbed.interpolate(v, dim, 1, srcGrid, srcGrid, g, g);
      } else if (ours.equals("patch_embed.proj.weight")) {
        values = adaptChannels(st.read(prefix + srcs.get(0)), dim, srcChannels, config.channels(), patch * patch);
      } else {
        values = concat(st, prefix, srcs, shape);
      }
      weights.put(ours, values);
      mapped.add(new Mapping(ours, srcs.stream().map(s -> prefix + s).toList()));
    }
    String channelNote = srcChannels == config.channels() ? "none (" + srcChannels + " channels)"
        : srcChannels + " -> " + config.channels() + " channels: each the sum of the " + srcChannels
            + " source channels / " + config.channels();
    return new Result(config, naming, prefix, Collections.unmodifiableMap(weights), List.copyOf(mapped),
        List.copyOf(ignored), heads, channelNote, posNote);
  }

  private static VitConfig config(Path file, int channels, Options o, VitNaming naming, int srcGrid, int patch, int dim,
      int depth, int hidden, boolean qkvBias) throws IOException {
    int imageSize = o.imageSize() != null ? o.imageSize() : srcGrid * patch;
    double mlpRatio = (double) hidden / dim;
    Integer heads = o.heads();
    if (o.preset() != null) {
      VitConfig p = VitConfig.preset(o.preset(), imageSize, channels);
      List<String> diffs = new ArrayList<>();
      diff(diffs, "dim", p.dim(), dim);
      diff(diffs, "depth", p.depth(), depth);
      diff(diffs, "patch", p.patchSize(), patch);
      diff(diffs, "MLP width", p.mlpHidden(), hidden);
      if (p.qkvBias() != qkvBias) {
        diffs.add(qkvBias ? "the weights have a qkv bias" : "the weights have no qkv bias");
      }
      if (!diffs.isEmpty()) {
        throw new BadInputException(file, "does not match preset " + o.preset() + ": " + String.join(", ", diffs));
      }
      mlpRatio = p.mlpRatio();
      heads = heads != null ? heads : p.heads();
    }
    if (heads == null) {
      heads = usualHeads(dim);
      if (heads == 0) {
        throw new BadInputException(file, "has dim " + dim + ", for which there is no usual number of "
            + "attention heads; give it (--heads)");
      }
    }
    VitConfig c;
    try {
      c = new VitConfig(imageSize, patch, channels, dim, depth, heads, mlpRatio, qkvBias, naming.layerNormEps());
    } catch (IllegalArgumentException e) {
      throw new BadInputException(file, "does not make an encoder here: " + e.getMessage());
    }
    if (c.mlpHidden() != hidden) {
      throw new BadInputException(file, "MLP width " + hidden + " is not a ratio of dim " + dim
          + " the encoder can represent");
    }
    return c;
  }

  private static void diff(List<String> diffs, String what, int preset, int weights) {
    if (preset != weights) {
      diffs.add(String.format(Locale.ROOT, "%s %d (weights) vs %d (preset)", what, weights, preset));
    }
  }

  /** The usual number of heads of a ViT of width {@code dim} (head width 64, 80 for ViT-H), or 0. */
  public static int usualHeads(int dim) {
    return switch (dim) {
      case 192 -> 3;
      case 384 -> 6;
      case 768 -> 12;
      case 1024, 1280 -> 16;
      default -> dim % 64 == 0 ? dim / 64 : 0;
    };
  }

  private static int depth(Path file, VitNaming naming, Set<String> names, String prefix) throws IOException {
    Set<Integer> blocks = new TreeSet<>();
    for (String n : names) {
      int b = naming.blockIndex(n);
      if (b >= 0) {
        blocks.add(b);
      }
    }
    int depth = blocks.size();
    if (depth == 0 || !blocks.contains(depth - 1)) {
      throw new BadInputException(file, depth == 0 ? "has no transformer blocks"
          : "has blocks " + blocks + " under " + (prefix.isEmpty() ? "the top level" : prefix)
              + "; expected 0.." + (depth - 1));
    }
    return depth;
  }

  private static Safetensors.Entry require(Path file, Map<String, Safetensors.Entry> local, String prefix,
      String source, String ours) throws IOException {
    Safetensors.Entry e = local.get(source);
    if (e == null) {
      throw new BadInputException(file, "has no tensor for " + ours + " (" + prefix + source + ")");
    }
    return e;
  }

  /** The values of one parameter: its sources, each of shape [rows / sources, ...], stacked along axis 0. */
  private static float[] concat(Safetensors st, String prefix, List<String> srcs, long[] shape) throws IOException {
    long[] part = shape.clone();
    part[0] /= srcs.size();
    long n = 1;
    for (long d : part) {
      n *= d;
    }
    float[] out = new float[(int) (n * srcs.size())];
    for (int i = 0; i < srcs.size(); i++) {
      Safetensors.Entry e = st.entry(prefix + srcs.get(i));
      boolean fits = shape.length == 3 ? e.count() == n && e.shape().length > 0
          && e.shape()[e.shape().length - 1] == shape[2] // cls_token [1, 1, D] or [D]
          : Arrays.equals(e.shape(), part);
      if (!fits) {
        throw new BadInputException(st.file(), "tensor " + e.name() + " has shape " + Arrays.toString(e.shape())
            + "; expected " + Arrays.toString(part));
      }
      System.arraycopy(st.read(e.name()), 0, out, (int) (i * n), (int) n);
    }
    return out;
  }

  /**
   * A patch-embedding weight {@code [D, from, k]} ({@code k = p·p}) for {@code to} input channels: the
   * same when {@code from == to}, else every channel the sum over the source channels divided by {@code
   * to}.
   */
  public static float[] adaptChannels(float[] w, int dim, int from, int to, int k) {
    if (w.length != dim * from * k) {
      throw new IllegalArgumentException("weight has " + w.length + " values; expected " + dim + "x" + from + "x" + k);
    }
    if (from == to) {
      return w.clone();
    }
    float[] out = new float[dim * to * k];
    for (int d = 0; d < dim; d++) {
      for (int j = 0; j < k; j++) {
        double s = 0;
        for (int i = 0; i < from; i++) {
          s += w[(d * from + i) * k + j];
        }
        float v = (float) (s / to);
        for (int c = 0; c < to; c++) {
          out[(d * to + c) * k + j] = v;
        }
      }
    }
    return out;
  }

  /** Our encoder's parameter names for a config, in {@link VisionTransformer}'s creation order. */
  public static List<String> parameterNames(VitConfig c) {
    List<String> names = new ArrayList<>(List.of(
        "cls_token", "pos_embed", "patch_embed.proj.weight", "patch_embed.proj.bias"));
    for (int b = 0; b < c.depth(); b++) {
      for (String s : List.of("norm1.weight", "norm1.bias", "attn.qkv.weight", "attn.qkv.bias",
          "attn.proj.weight", "attn.proj.bias", "norm2.weight", "norm2.bias", "mlp.fc1.weight",
          "mlp.fc1.bias", "mlp.fc2.weight", "mlp.fc2.bias")) {
        if (c.qkvBias() || !s.equals("attn.qkv.bias")) {
          names.add("blocks." + b + "." + s);
        }
      }
    }
    names.add("norm.weight");
    names.add("norm.bias");
    return names;
  }

  /** The shape of one of our parameters. */
  static long[] shape(VitConfig c, String name) {
    long d = c.dim();
    long h = c.mlpHidden();
    return switch (name) {
      case "cls_token" -> new long[] {1, 1, d};
      case "pos_embed" -> new long[] {1, 1 + c.numPatches(), d};
      case "patch_embed.proj.weight" -> new long[] {d, c.channels(), c.patchSize(), c.patchSize()};
      default -> {
        String leaf = name.substring(name.indexOf('.', name.indexOf('.') + 1) + 1); // after "blocks.N."
        yield switch (name.startsWith("blocks.") ? leaf : name) {
          case "attn.qkv.weight" -> new long[] {3 * d, d};
          case "attn.qkv.bias" -> new long[] {3 * d};
          case "attn.proj.weight" -> new long[] {d, d};
          case "mlp.fc1.weight" -> new long[] {h, d};
          case "mlp.fc1.bias" -> new long[] {h};
          case "mlp.fc2.weight" -> new long[] {d, h};
          default -> new long[] {d}; // biases and norms of width D
        };
      }
    };
  }

  /** {@code x} when {@code n == x²} for some {@code x >= 1}, else 0. */
  private static int squareRoot(int n) {
    int r = (int) Math.round(Math.sqrt(n));
    return n >= 1 && r * r == n ? r : 0;
  }

  private static String shortList(List<String> items) {
    return items.size() <= LIST_LIMIT ? String.join(", ", items)
        : String.join(", ", items.subList(0, LIST_LIMIT)) + " and " + (items.size() - LIST_LIMIT) + " more";
  }
}
