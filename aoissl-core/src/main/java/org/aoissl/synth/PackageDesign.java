package org.aoissl.synth;

/**
 * The geometry of one package type in units of the 512-px reference design (at scale 1 a unit is a
 * pixel): die size and its offset from the image centre, leadframe, pads, bonds and epoxy.
 * {@link #place} puts it on an image of any size at a given magnification, which scales every length
 * and the die's offset from the centre alike.
 */
record PackageDesign(
    double dieW, double dieH, double offsetX, double offsetY,
    double paddleMargin, double leadGap, int leadSides, int leadsPerSide, double leadWidth,
    double padSize, boolean staggeredPads,
    double wireWidth, double wireBow, double ballDiameter, double wedgeLength, double wedgeWidth,
    double epoxyWidth, double epoxyRagged, double epoxyBlobs) {

  /** Distance from the die centre to the lead tips on its widest side, in units. */
  double reach() {
    return Math.max(dieW, dieH) / 2 + paddleMargin + leadGap;
  }

  /**
   * How far the pad rows reach along the die sides: where two adjacent sides carry pads, each row
   * stops a pad and a half short of the other row's depth, as pad rings on real dies leave the
   * corners free.
   */
  double padSpan() {
    boolean adjacent = (leadSides & 5) != 0 && (leadSides & 10) != 0;
    if (!adjacent) {
      return 0.8;
    }
    double depth = Layout.padInset(padSize, 1) + (staggeredPads ? 1.2 * padSize : 0);
    double half = Math.min(dieW, dieH) / 2;
    return Math.max(0.3, Math.min(0.8, 1 - (depth + 1.1 * padSize) / half));
  }

  /** The same package with its die in the image centre. */
  PackageDesign centred() {
    return new PackageDesign(dieW, dieH, 0, 0, paddleMargin, leadGap, leadSides, leadsPerSide,
        leadWidth, padSize, staggeredPads, wireWidth, wireBow, ballDiameter, wedgeLength, wedgeWidth,
        epoxyWidth, epoxyRagged, epoxyBlobs);
  }

  /** The device on a {@code width}×{@code height} image at {@code scale} pixels per unit. */
  DeviceSpec place(String id, long seed, int width, int height, double scale,
                   DeviceSpec.Lighting lighting, Variation variation, Appearance appearance) {
    double s = scale;
    return new DeviceSpec(id, seed, width, height, scale,
        width / 2.0 + offsetX * s, height / 2.0 + offsetY * s, dieW * s, dieH * s,
        paddleMargin * s, leadGap * s, leadSides, leadsPerSide, leadWidth * s, padSize * s,
        staggeredPads, padSpan(), wireWidth * s, wireBow, ballDiameter * s, wedgeLength * s, wedgeWidth * s,
        epoxyWidth * s, epoxyRagged * s, epoxyBlobs, 0, lighting, variation, appearance);
  }
}
