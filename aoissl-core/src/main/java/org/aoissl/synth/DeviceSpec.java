package org.aoissl.synth;

import java.util.SplittableRandom;

/**
 * The layout and lighting of one device (product): everything that stays fixed while parts of that
 * device run down the line. Lengths are in pixels of a {@code width}×{@code height} image; the seed
 * fixes the rest of the device's design (pad and lead choice, wire pairing, die circuitry), and the
 * image seed given to {@link SceneGenerator#render} only adds part-to-part variation within the
 * limits of {@code variation}.
 *
 * @param id device name, carried into every sample
 * @param seed fixes the device's design details
 * @param width image width in pixels
 * @param height image height in pixels
 * @param scale pixels per unit of the generator's 512-px reference design: sizes of textures, die
 *     circuitry, bond tool marks and placement jitter scale with it ({@code size / 512} for the
 *     devices of {@link #sample})
 * @param dieCx die centre x (nominal)
 * @param dieCy die centre y (nominal)
 * @param dieW die width
 * @param dieH die height
 * @param paddleMargin how far the die paddle extends beyond the die on each side
 * @param leadGap gap between paddle edge and the lead tips
 * @param leadSides bit set of sides with lead fingers: 1 top, 2 right, 4 bottom, 8 left
 * @param leadsPerSide lead fingers on the shorter lead sides; longer sides get proportionally more
 * @param leadWidth lead finger width at the tip
 * @param padSize bond pad edge length
 * @param staggeredPads two staggered pad rows instead of one
 * @param padSpan fraction of a die side's half-length that its pad row spans on either side of the
 *     middle (0.8 for the devices of {@link #sample}); short enough on a quad die that the rows of
 *     two adjacent sides do not meet in the corner
 * @param wireWidth wire diameter
 * @param wireBow typical sideways bow of a wire as a fraction of its length
 * @param ballDiameter ball bond diameter
 * @param wedgeLength wedge bond length along the wire
 * @param wedgeWidth wedge bond width at its wide end
 * @param epoxyWidth mean width of the epoxy fillet around the die
 * @param epoxyRagged amplitude of the fillet's ragged edge
 * @param epoxyBlobs expected number of epoxy blobs that spread further out
 * @param missingWireRate chance that a wire is missing from a part
 * @param lighting camera and illumination of this device's inspection recipe
 * @param variation how much parts of the device differ from each other
 * @param appearance material brightness and tone curve of the device's images
 */
public record DeviceSpec(
    String id, long seed, int width, int height, double scale,
    double dieCx, double dieCy, double dieW, double dieH,
    double paddleMargin, double leadGap, int leadSides, int leadsPerSide, double leadWidth,
    double padSize, boolean staggeredPads, double padSpan,
    double wireWidth, double wireBow, double ballDiameter, double wedgeLength, double wedgeWidth,
    double epoxyWidth, double epoxyRagged, double epoxyBlobs,
    double missingWireRate, Lighting lighting, Variation variation, Appearance appearance) {

  /**
   * Camera and illumination of one device's recipe. Gains and offsets map scene radiance to sensor
   * values per buffer; vignetting darkens corners by up to {@code vignette}; {@code noise} is the
   * read-noise standard deviation (shot noise scales with it); {@code blurSigma} is the lens defocus.
   */
  public record Lighting(double gain0, double offset0, double gain1, double offset1,
                         double vignette, double noise, double blurSigma) {
    public Lighting {
      if (!(gain0 > 0) || !(gain1 > 0)) {
        throw new IllegalArgumentException("gains must be positive; got " + gain0 + ", " + gain1);
      }
      if (!(vignette >= 0 && vignette < 1)) {
        throw new IllegalArgumentException("vignette must be in [0, 1); got " + vignette);
      }
      if (!(noise >= 0) || !(blurSigma >= 0)) {
        throw new IllegalArgumentException(
            "noise and blurSigma must be >= 0; got " + noise + ", " + blurSigma);
      }
    }
  }

  public DeviceSpec {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("device id must not be blank");
    }
    if (width < 64 || width > 8192 || height < 64 || height > 8192) {
      throw new IllegalArgumentException("width and height must be in [64, 8192]; got " + width + "x"
          + height);
    }
    if (!(scale > 0)) {
      throw new IllegalArgumentException("scale must be positive; got " + scale);
    }
    if ((leadSides & 15) == 0 || (leadSides & ~15) != 0) {
      throw new IllegalArgumentException("leadSides must be a non-empty subset of 1|2|4|8; got "
          + leadSides);
    }
    if (leadsPerSide < 1) {
      throw new IllegalArgumentException("leadsPerSide must be >= 1; got " + leadsPerSide);
    }
    if (!(dieW > 0 && dieH > 0 && dieCx - dieW / 2 > 0 && dieCx + dieW / 2 < width
        && dieCy - dieH / 2 > 0 && dieCy + dieH / 2 < height)) {
      throw new IllegalArgumentException("die " + dieW + "x" + dieH + " at (" + dieCx + ", " + dieCy
          + ") must lie inside the " + width + "x" + height + " image");
    }
    if (!(wireWidth > 0 && ballDiameter > wireWidth && wedgeWidth > wireWidth && padSize > 0)) {
      throw new IllegalArgumentException("need 0 < wireWidth < ballDiameter, wedgeWidth; got wire "
          + wireWidth + ", ball " + ballDiameter + ", wedge " + wedgeWidth);
    }
    if (!(padSpan > 0 && padSpan <= 0.95)) {
      throw new IllegalArgumentException("padSpan must be in (0, 0.95]; got " + padSpan);
    }
    if (!(missingWireRate >= 0 && missingWireRate <= 1)) {
      throw new IllegalArgumentException("missingWireRate must be in [0, 1]; got " + missingWireRate);
    }
    if (lighting == null || variation == null || appearance == null) {
      throw new IllegalArgumentException("lighting, variation and appearance must not be null");
    }
  }

  /**
   * A device on a square {@code size}-px image at scale {@code size / 512}, with the part-to-part
   * variation and appearance of {@link #sample}'s devices.
   */
  public DeviceSpec(
      String id, long seed, int size,
      double dieCx, double dieCy, double dieW, double dieH,
      double paddleMargin, double leadGap, int leadSides, int leadsPerSide, double leadWidth,
      double padSize, boolean staggeredPads,
      double wireWidth, double wireBow, double ballDiameter, double wedgeLength, double wedgeWidth,
      double epoxyWidth, double epoxyRagged, double epoxyBlobs,
      double missingWireRate, Lighting lighting) {
    this(id, seed, size, size, size / 512.0, dieCx, dieCy, dieW, dieH, paddleMargin, leadGap,
        leadSides, leadsPerSide, leadWidth, padSize, staggeredPads, 0.8, wireWidth, wireBow, ballDiameter,
        wedgeLength, wedgeWidth, epoxyWidth, epoxyRagged, epoxyBlobs, missingWireRate, lighting,
        Variation.CLASSIC, Appearance.STANDARD);
  }

  /** The longer image side. */
  public int longSide() {
    return Math.max(width, height);
  }

  /**
   * A random but plausible device: die of 20–36% of the image, leads on two (dual), three or four
   * (quad) sides, 2–4.5 px wires at 512 px (never thinner than 1.6 px), epoxy from a thin fillet to a
   * generous one with blobs. Lengths are drawn for 512 px and scaled to {@code size}.
   */
  public static DeviceSpec sample(String deviceId, long seed, int size) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    double s = size / 512.0;
    double dieW = u(r, 0.2, 0.36) * size;
    double dieH = Math.min(0.4 * size, dieW * u(r, 0.75, 1.33));
    double margin = u(r, 8, 22) * s;
    double gap = u(r, 20, 70) * s;
    double roomX = size / 2.0 - dieW / 2 - margin - gap - 0.1 * size;
    double roomY = size / 2.0 - dieH / 2 - margin - gap - 0.1 * size;
    double cx = size / 2.0 + Math.max(0, roomX) * u(r, -0.6, 0.6);
    double cy = size / 2.0 + Math.max(0, roomY) * u(r, -0.6, 0.6);

    double pick = r.nextDouble();
    int sides = pick < 0.3 ? (r.nextBoolean() ? 5 : 10) : pick < 0.4 ? 15 & ~(1 << r.nextInt(4)) : 15;

    double wire = Math.max(1.6, u(r, 2.0, 4.5) * s);
    double ball = wire * u(r, 1.9, 2.5);
    double pad = ball * u(r, 1.15, 1.4);
    double wedgeLen = wire * u(r, 3.2, 4.5);
    double wedgeWid = wire * u(r, 1.9, 2.4);
    boolean staggered = r.nextDouble() < 0.3;

    // Pad and lead capacity along the shorter die side bounds the lead count for every side.
    double shortHalf = Math.min(dieW, dieH) / 2;
    int padCap = 1 + (int) (1.6 * shortHalf / (pad * (staggered ? 0.85 : 1.3)));
    double tipHalf = shortHalf + margin + gap;
    double leadW = Math.max(wedgeWid * 1.5, u(r, 7, 13) * s);
    int leadCap = 1 + (int) (1.44 * tipHalf / (leadW * 1.7));
    int cap = Math.max(2, Math.min(Math.min(padCap, leadCap), 20));
    int leads = Math.max(2, Math.min(cap, (int) Math.round(cap * u(r, 0.65, 1.0))));
    double pitch = 1.44 * tipHalf / Math.max(1, leads - 1);
    leadW = Math.min(leadW, 0.55 * pitch);

    double reach = margin + gap;
    double epoxyW = Math.min(u(r, 5, 20) * s, 0.75 * reach);
    Lighting light = new Lighting(u(r, 0.85, 1.05), u(r, 0.0, 0.04), u(r, 0.8, 1.15), u(r, 0.0, 0.04),
        u(r, 0.05, 0.3), u(r, 0.006, 0.018), u(r, 0.35, 0.8));
    return new DeviceSpec(deviceId, seed, size, cx, cy, dieW, dieH, margin, gap, sides, leads, leadW,
        pad, staggered, wire, u(r, 0.03, 0.09), ball, wedgeLen, wedgeWid,
        epoxyW, u(r, 1.0, 2.5) * s, u(r, 0.0, 2.5), u(r, 0.0, 0.03), light);
  }

  private static double u(SplittableRandom r, double lo, double hi) {
    return lo + (hi - lo) * r.nextDouble();
  }
}
