package org.aoissl.pretrain.dino;

import java.util.ArrayList;
import java.util.List;
import org.aoissl.data.augment.Compose;
import org.aoissl.data.augment.ContrastBrightness;
import org.aoissl.data.augment.Gamma;
import org.aoissl.data.augment.GaussianBlur;
import org.aoissl.data.augment.GaussianNoise;
import org.aoissl.data.augment.HorizontalFlip;
import org.aoissl.data.augment.RandomApply;
import org.aoissl.data.augment.RandomResizedCrop;
import org.aoissl.data.augment.Rot90;
import org.aoissl.data.augment.Transform;
import org.aoissl.data.augment.VerticalFlip;
import org.aoissl.pretrain.PretrainData;

/**
 * DINO's multi-crop views ({@code DataAugmentationDINO}) for AOI images: two global crops (area
 * {@code globalScaleMin}–1) and {@code localCrops} local ones (area {@code localScaleMin}–{@code
 * localScaleMax}, side {@code localSize}). Colour jitter and grayscale mean nothing on monochrome
 * illumination channels, so the photometric step is gamma and contrast/brightness per channel (with
 * DINO's probability 0.8); flips and quarter turns suit a top view of a package. The blur
 * probabilities are DINO's (1 for the first global view, 0.1 for the second, 0.5 for local ones,
 * σ 0.1–2 px); the second view's solarisation (p 0.2) becomes sensor noise. The views are made by
 * {@link PretrainData}, each from its own seeded stream per image, so a resumed run sees the same crops.
 */
public final class MultiCrop {
  private MultiCrop() {}

  /** The views in DINO's order: global 1, global 2, then the local ones. */
  public static List<PretrainData.View> views(DinoConfig c, int imageSize) {
    double ratioMin = 3.0 / 4;
    double ratioMax = 4.0 / 3;
    RandomResizedCrop global = new RandomResizedCrop(imageSize, imageSize, c.globalScaleMin(), 1.0, ratioMin, ratioMax);
    RandomResizedCrop local = new RandomResizedCrop(c.localSize(), c.localSize(), c.localScaleMin(),
        c.localScaleMax(), ratioMin, ratioMax);
    Transform blur = new GaussianBlur(0.1, 2.0);
    List<PretrainData.View> views = new ArrayList<>();
    views.add(new PretrainData.View(imageSize, Compose.of(global, flipsAndPhotometric(), blur)));
    views.add(new PretrainData.View(imageSize, Compose.of(global, flipsAndPhotometric(), new RandomApply(0.1, blur),
        new RandomApply(0.2, new GaussianNoise(0.01, 0.05)))));
    for (int i = 0; i < c.localCrops(); i++) {
      views.add(new PretrainData.View(c.localSize(), Compose.of(local, flipsAndPhotometric(),
          new RandomApply(0.5, blur))));
    }
    return views;
  }

  private static Transform flipsAndPhotometric() {
    return Compose.of(new HorizontalFlip(0.5), new VerticalFlip(0.5), new Rot90(),
        new RandomApply(0.8, Compose.of(new Gamma(0.7, 1.4, true), new ContrastBrightness(0.6, 1.4, -0.1, 0.1, true))));
  }
}
