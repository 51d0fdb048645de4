package org.aoissl.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.aoissl.model.Flops;
import org.aoissl.model.NamedParams;
import org.aoissl.model.TokenGrid;
import org.aoissl.model.VisionTransformer;
import org.aoissl.model.VitConfig;

/**
 * A ViT encoder with a segmentation head. Encoder parameters keep timm's names ({@code blocks.0.…}, as
 * in pre-training checkpoints, so they load by name); head parameters are named {@code head.…}. With a
 * frozen encoder (the linear probe) only the head trains and the encoder records no gradients.
 */
public final class SegModel implements Segmenter {
  /** Prefix of the head's parameter names. */
  public static final String HEAD = "head.";

  private final NamedParams params;
  private final VisionTransformer encoder;
  private final SegHead head;
  private final int numClasses;
  private final boolean frozen;

  /** A new model whose parameters live on a child of {@code manager}, closed by {@link #close()}. */
  public SegModel(VitConfig vit, String headKind, int numClasses, boolean freezeEncoder, NDManager manager,
      long seed) {
    if (numClasses < 1) {
      throw new IllegalArgumentException("need at least one class; got " + numClasses);
    }
    this.params = new NamedParams(manager.newSubManager(), seed);
    this.encoder = new VisionTransformer(vit, params.scoped("", !freezeEncoder));
    this.head = SegHead.create(headKind, params.scoped(HEAD, true), vit.channels(), vit.dim(), vit.patchSize(),
        numClasses);
    this.numClasses = numClasses;
    this.frozen = freezeEncoder;
  }

  @Override
  public NamedParams params() {
    return params;
  }

  public VisionTransformer encoder() {
    return encoder;
  }

  public SegHead head() {
    return head;
  }

  public int numClasses() {
    return numClasses;
  }

  @Override
  public NDArray logits(NDArray images, boolean training) {
    return logits(images);
  }

  @Override
  public int sizeMultiple() {
    return encoder.config().patchSize();
  }


  /** Per-class logits {@code [N, K, H, W]} of normalised images {@code [N, C, H, W]}. */
  public NDArray logits(NDArray imgs) {
    TokenGrid out = encoder.forwardFeatures(imgs).output(); // patches [N, h, w, D]
    return head.forward(out, imgs);
  }

  /** Forward and backward FLOPs of one training image at {@code size²} (a frozen encoder: forward only). */
  @Override
  public long trainFlopsPerImage(int size) {
    int p = encoder.config().patchSize();
    long enc = Flops.vitForward(encoder.config(), (long) (size / p) * (size / p));
    long hd = head.flops(size, size);
    return (frozen ? enc : 3 * enc) + 3 * hd;
  }

  @Override
  public void close() {
    params.close();
  }
}
