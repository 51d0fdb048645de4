package org.aoissl.retrieval;

import java.util.Arrays;
import org.aoissl.data.Mask;

/**
 * One encoded support image of a bank (the image itself or one augmented copy of it): its global
 * embedding and its mask at the encoded size, kept even when only some of its patches are bank entries
 * (the image-level aggregator blends whole masks; label blocks are read from it).
 *
 * @param id the support image's id (shared by all its views)
 * @param device its device id
 * @param gridH patch rows of the encoded image
 * @param gridW patch columns
 * @param cls the L2-normalised CLS embedding {@code [D]}
 * @param mask the labels at the encoded size, {@code gridH·p × gridW·p}
 * @param view 0 for the image itself, 1..K for its K-th augmented copy
 */
public record BankImage(String id, String device, int gridH, int gridW, float[] cls, Mask mask, int view) {
  public BankImage {
    if (id == null || device == null || cls == null || mask == null) {
      throw new IllegalArgumentException("id, device, cls and mask are required");
    }
    if (gridH < 1 || gridW < 1 || view < 0) {
      throw new IllegalArgumentException("grid " + gridH + "x" + gridW + " and view " + view
          + " must be positive (view >= 0)");
    }
    if (mask.height() % gridH != 0 || mask.width() % gridW != 0
        || mask.height() / gridH != mask.width() / gridW) {
      throw new IllegalArgumentException("mask " + mask.width() + "x" + mask.height()
          + " is not a grid of " + gridW + "x" + gridH + " square patches");
    }
  }

  /** Patch side p implied by the mask and grid. */
  public int patchSize() {
    return mask.height() / gridH;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BankImage b && id.equals(b.id) && device.equals(b.device) && gridH == b.gridH
        && gridW == b.gridW && view == b.view && Arrays.equals(cls, b.cls) && mask.equals(b.mask);
  }

  @Override
  public int hashCode() {
    return (id.hashCode() * 31 + view) * 31 + Arrays.hashCode(cls);
  }

  @Override
  public String toString() {
    return "BankImage[" + id + " view " + view + ", device " + device + ", grid " + gridW + "x" + gridH + "]";
  }
}
