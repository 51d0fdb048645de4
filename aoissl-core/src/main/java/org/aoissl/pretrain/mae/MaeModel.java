package org.aoissl.pretrain.mae;

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
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.aoissl.model.Dense;
import org.aoissl.model.NamedParams;
import org.aoissl.model.Norm;
import org.aoissl.model.Ops;
import org.aoissl.model.PosEmbed;
import org.aoissl.model.TransformerBlock;
import org.aoissl.model.VisionTransformer;
import org.aoissl.model.VitConfig;
import org.aoissl.pretrain.mae.RandomMasking.Masking;

/**
 * Masked autoencoder as {@code facebookresearch/mae} {@code models_mae.py}: the encoder sees only
 * the kept patches (plus CLS); the decoder appends mask tokens, un-shuffles with {@code
 * ids_restore}, adds its own fixed position embeddings, and predicts every patch's {@code p·p·C}
 * values; the loss is the per-patch mean squared error averaged over removed patches only.
 *
 * <p>Parameter names are MAE's ({@code cls_token}, {@code blocks.0...}, {@code mask_token}, {@code
 * decoder_embed.weight}, {@code decoder_blocks.0...}, {@code decoder_norm.*}, {@code
 * decoder_pred.*}). Every forward result lives on the images' manager.
 */
public final class MaeModel extends AbstractBlock implements AutoCloseable {
  /**
   * Encoder output.
   *
   * @param latent {@code [N, 1 + keep, D]}, CLS first, after the final norm
   * @param masking the masking applied (mask and ids_restore in original patch order)
   * @param gridH patch rows
   * @param gridW patch columns
   */
  public record Encoded(NDArray latent, Masking masking, int gridH, int gridW) {}

  /**
   * Result of a training forward pass.
   *
   * @param loss scalar
   * @param pred {@code [N, L, p·p·C]} in patchify order (normalised pixels under norm-pix loss)
   * @param mask {@code [N, L]}, 0 kept, 1 removed
   */
  public record Output(NDArray loss, NDArray pred, NDArray mask) {}

  private final MaeConfig config;
  private final NamedParams params;
  private final VisionTransformer encoder;
  private final Parameter maskToken;
  private final Parameter decoderPosEmbed;
  private final Dense decoderEmbed;
  private final List<TransformerBlock> decoderBlocks;
  private final Norm decoderNorm;
  private final Dense decoderPred;

  /** A new model whose parameters live on a child of {@code manager}, closed by {@link #close()}. */
  public static MaeModel create(MaeConfig config, NDManager manager, long seed) {
    return new MaeModel(config, new NamedParams(manager.newSubManager(), seed));
  }

  private MaeModel(MaeConfig config, NamedParams params) {
    super((byte) 1);
    this.config = config;
    this.params = params;
    VitConfig e = config.encoder();
    encoder = new VisionTransformer(e, params);
    int dd = config.decoderDim();
    int g = e.gridSize();
    maskToken = params.token("mask_token", dd, 0.02);
    decoderPosEmbed = params.fixed("decoder_pos_embed", new Shape(1, 1 + e.numPatches(), dd),
        PosEmbed.sinCos2d(dd, g, g, true));
    decoderEmbed = new Dense(params, "decoder_embed", e.dim(), dd, true);
    List<TransformerBlock> bs = new ArrayList<>();
    for (int i = 0; i < config.decoderDepth(); i++) {
      bs.add(new TransformerBlock(params, "decoder_blocks." + i, dd, config.decoderHeads(),
          config.decoderMlpHidden(), true, e.layerNormEps()));
    }
    decoderBlocks = List.copyOf(bs);
    decoderNorm = new Norm(params, "decoder_norm", dd, e.layerNormEps());
    decoderPred = new Dense(params, "decoder_pred", dd, e.patchDim(), true);
    for (NamedParams.Entry entry : params.entries()) {
      addParameter(entry.parameter());
    }
  }

  public MaeConfig config() {
    return config;
  }

  /** The encoder, sharing this model's parameters (what pre-training produces). */
  /** Fused attention kernel (the default) or explicit ops, in the encoder's and the decoder's blocks. */
  public void useFusedAttention(boolean on) {
    encoder.useFusedAttention(on);
    decoderBlocks.forEach(b -> b.attention().useFused(on));
  }

  public VisionTransformer encoder() {
    return encoder;
  }

  /** Every parameter with its trainable and weight-decay flags, by MAE name. */
  public NamedParams params() {
    return params;
  }

  public Map<String, Parameter> namedParameters() {
    return params.asMap();
  }

  /** {@code [N, C, H, W] -> [N, L, p·p·C]}, see {@link Patches#patchify}. */
  public NDArray patchify(NDArray imgs) {
    return Patches.patchify(imgs, config.encoder().patchSize());
  }

  /** {@code [N, h·w, p·p·C] -> [N, C, h·p, w·p]}. */
  public NDArray unpatchify(NDArray x, int gridH, int gridW) {
    VitConfig e = config.encoder();
    return Patches.unpatchify(x, e.patchSize(), e.channels(), gridH, gridW);
  }

  /** {@code [N, L, p·p·C] -> [N, C, H, W]} for a square grid. */
  public NDArray unpatchify(NDArray x) {
    int g = (int) Math.round(Math.sqrt(x.getShape().get(1)));
    return unpatchify(x, g, g);
  }

  /** See {@link RandomMasking#apply(NDArray, double, NDArray)}. */
  public Masking randomMasking(NDArray x, double maskRatio, NDArray noise) {
    return RandomMasking.apply(x, maskRatio, noise);
  }

  /** Embed, add positions, mask by {@code noise [N, L]}, prepend CLS, blocks, norm. */
  public Encoded forwardEncoder(NDArray imgs, double maskRatio, NDArray noise) {
    return forwardEncoder(imgs, maskRatio, noise.toFloatArray());
  }

  /** As {@link #forwardEncoder(NDArray, double, NDArray)} with noise from a Java RNG. */
  public Encoded forwardEncoder(NDArray imgs, double maskRatio, RandomGenerator rng) {
    int[] g = encoder.grid(imgs);
    int n = (int) imgs.getShape().get(0);
    return forwardEncoder(imgs, maskRatio, RandomMasking.noise(rng, n, g[0] * g[1]));
  }

  private Encoded forwardEncoder(NDArray imgs, double maskRatio, float[] noise) {
    int[] g = encoder.grid(imgs);
    NDArray pos = encoder.posEmbed(g[0], g[1], imgs.getManager()); // [1, 1+L, D]
    NDArray x = encoder.embedPatches(imgs, pos); // [N, L, D]
    Masking masking = RandomMasking.apply(x, maskRatio, noise);
    NDArray cls = encoder.clsTokens(imgs.getShape().get(0), pos); // [N, 1, D]
    NDArray tokens = NDArrays.concat(new NDList(cls, masking.kept()), 1); // [N, 1+keep, D]
    tokens = encoder.forwardBlocks(tokens, 0, config.encoder().depth());
    return new Encoded(encoder.applyNorm(tokens), masking, g[0], g[1]);
  }

  /** Decoder on an encoder output: {@code [N, L, p·p·C]}. */
  public NDArray forwardDecoder(Encoded encoded) {
    return forwardDecoder(encoded.latent(), encoded.masking().idsRestore(), encoded.gridH(),
        encoded.gridW());
  }

  /**
   * Linear to decoder width, append mask tokens, un-shuffle by {@code idsRestore}, add decoder
   * positions, blocks, norm, predict {@code p·p·C} per token, drop CLS.
   *
   * @param latent {@code [N, 1 + keep, D]}
   * @param idsRestore {@code [N, L]} int64 with {@code L = gridH·gridW}
   * @return {@code [N, L, p·p·C]}
   */
  public NDArray forwardDecoder(NDArray latent, NDArray idsRestore, int gridH, int gridW) {
    NDManager m = latent.getManager();
    NDArray x = decoderEmbed.forward(latent); // [N, 1+keep, Dd]
    Shape s = x.getShape();
    long n = s.get(0);
    long keep = s.get(1) - 1;
    long l = idsRestore.getShape().get(1);
    long dd = config.decoderDim();
    NDArray maskTokens = Ops.adopt(maskToken.getArray().broadcast(n, l - keep, dd), m);
    NDArray shuffled = NDArrays.concat(new NDList(x.get(":, 1:, :"), maskTokens), 1); // [N, L, Dd]
    NDArray index = idsRestore.expandDims(2).broadcast(n, l, dd);
    NDArray unshuffled = shuffled.gather(index, 1); // [N, L, Dd], original patch order
    NDArray tokens = NDArrays.concat(new NDList(x.get(":, :1, :"), unshuffled), 1); // [N, 1+L, Dd]
    NDArray pos = PosEmbed.onGrid(decoderPosEmbed, config.encoder().gridSize(), gridH, gridW, m);
    tokens = tokens.add(pos);
    for (TransformerBlock b : decoderBlocks) {
      tokens = b.forward(tokens);
    }
    NDArray pred = decoderPred.forward(decoderNorm.forward(tokens)); // [N, 1+L, p·p·C]
    return pred.get(":, 1:, :");
  }

  /** {@link #forwardLoss(NDArray, NDArray, NDArray, boolean)} with the config's norm-pix flag. */
  public NDArray forwardLoss(NDArray imgs, NDArray pred, NDArray mask) {
    return forwardLoss(imgs, pred, mask, config.normPixLoss());
  }

  /**
   * Mean over removed patches of each patch's mean squared error. Under norm-pix loss the target
   * is each patch minus its mean over its unbiased standard deviation ({@code (var + 1e-6)^0.5}).
   *
   * @param imgs {@code [N, C, H, W]}
   * @param pred {@code [N, L, p·p·C]}
   * @param mask {@code [N, L]}, 1 for removed patches
   * @return a scalar
   */
  public NDArray forwardLoss(NDArray imgs, NDArray pred, NDArray mask, boolean normPixLoss) {
    NDArray target = patchify(imgs); // [N, L, P]
    if (normPixLoss) {
      long values = target.getShape().get(2);
      NDArray mean = target.mean(new int[] {2}, true);
      NDArray centred = target.sub(mean);
      NDArray var = centred.square().sum(new int[] {2}, true).div(values - 1);
      target = centred.div(var.add(1e-6f).sqrt());
    }
    NDArray perPatch = pred.sub(target).square().mean(new int[] {2}); // [N, L]
    return perPatch.mul(mask).sum().div(mask.sum());
  }

  /** Encoder, decoder and loss with the config's mask ratio and fresh noise from {@code rng}. */
  public Output forward(NDArray imgs, RandomGenerator rng) {
    return forward(imgs, config.maskRatio(), rng);
  }

  /** Encoder, decoder and loss with noise from {@code rng}. */
  public Output forward(NDArray imgs, double maskRatio, RandomGenerator rng) {
    return finish(imgs, forwardEncoder(imgs, maskRatio, rng));
  }

  /** Encoder, decoder and loss with the given noise {@code [N, L]}. */
  public Output forward(NDArray imgs, double maskRatio, NDArray noise) {
    return finish(imgs, forwardEncoder(imgs, maskRatio, noise));
  }

  private Output finish(NDArray imgs, Encoded encoded) {
    NDArray pred = forwardDecoder(encoded);
    NDArray mask = encoded.masking().mask();
    return new Output(forwardLoss(imgs, pred, mask), pred, mask);
  }

  /** Training matmul FLOPs per image at the training size; see {@link MaeConfig#flopsPerImage()}. */
  public long flopsPerImage() {
    return config.flopsPerImage();
  }

  /** Inputs: images {@code [N, C, H, W]} and noise {@code [N, L]}; outputs: loss, pred, mask. */
  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> unused) {
    Output out = forward(inputs.get(0), config.maskRatio(), inputs.get(1));
    return new NDList(out.loss(), out.pred(), out.mask());
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    int p = config.encoder().patchSize();
    long l = (s.get(2) / p) * (s.get(3) / p);
    return new Shape[] {
      new Shape(), new Shape(s.get(0), l, config.encoder().patchDim()), new Shape(s.get(0), l)
    };
  }

  /** Closes every parameter array. */
  @Override
  public void close() {
    params.close();
  }
}
