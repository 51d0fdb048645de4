package org.aoissl.synth;

/**
 * How much parts of one device differ from each other on the line. Lengths are in units of the
 * reference design (multiplied by {@link DeviceSpec#scale()}), each offset a Gaussian clamped at its
 * limit.
 *
 * @param frameSigma leadframe (strip) offset in x and y
 * @param frameLimit clamp of the leadframe offset
 * @param dieSigma die placement relative to the leadframe, in x and y
 * @param dieLimit clamp of the die placement
 * @param rotationSigma die rotation in degrees
 * @param rotationLimit clamp of the die rotation in degrees
 * @param ballJitter ball placement on its pad, as a fraction of the pad size
 * @param bowJitter part-to-part change of a wire's sideways bow, as a fraction of the device's bow
 * @param loopShift sideways displacement of a wire's loop (both inner control points), in units;
 *     0 leaves the loop where the bow puts it
 */
public record Variation(double frameSigma, double frameLimit, double dieSigma, double dieLimit,
                        double rotationSigma, double rotationLimit, double ballJitter,
                        double bowJitter, double loopShift) {
  /**
   * The variation of {@link DeviceSpec#sample}'s devices: placement changes of about one pixel and
   * loops that keep their shape, so parts of a device nearly repeat once the leadframe is aligned.
   */
  public static final Variation CLASSIC = new Variation(4, 10, 1.5, 4, 0.35, 1.0, 0.07, 0.3, 0);

  /**
   * Units as they come off a real line: die-attach placement of a few pixels and up to 3°,
   * balls off-centre on their pads, loops that lean and sag differently on each unit, so wire
   * paths move by several pixels even after the leadframe is aligned.
   */
  public static final Variation LINE = new Variation(6, 15, 3.5, 9, 1.0, 3.0, 0.1, 1.0, 3.5);

  public Variation {
    double[] all = {frameSigma, frameLimit, dieSigma, dieLimit, rotationSigma, rotationLimit,
        ballJitter, bowJitter, loopShift};
    for (double v : all) {
      if (!(v >= 0 && v < 1e6)) {
        throw new IllegalArgumentException("variation values must be finite and >= 0; got "
            + java.util.Arrays.toString(all));
      }
    }
    if (rotationLimit > 20) {
      throw new IllegalArgumentException("rotationLimit must be <= 20 degrees; got " + rotationLimit);
    }
  }
}
