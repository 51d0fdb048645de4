package org.aoissl.synth;

import java.util.ArrayList;
import java.util.List;
import org.aoissl.data.Seeds;

/**
 * The devices of the cross-device transfer benchmark. Support images come from {@code a}; the others
 * are the targets a plant meets next, from near to far:
 *
 * <ul>
 *   <li>{@code a}: a quad package; its units differ as real units do ({@link Variation#LINE}).
 *   <li>{@code a-frame}: the same package type on another leadframe: other die size, lead count and
 *       pitch, paddle and gap; same pad, ball, wire and wedge sizes.
 *   <li>{@code a-zoom}: {@code a} under another magnification: every length, wires and balls
 *       included, times {@link TransferConfig#zoom()}.
 *   <li>{@code a-light}: {@code a} under another lighting recipe: gain, offset, gamma, contrast,
 *       stronger vignetting, more blur, and the die's brightness against the leadframe turned round.
 *   <li>{@code b}: a dual package with leads left and right, a tall die, two staggered pad rows,
 *       long wires and a wide, blobby epoxy fillet.
 *   <li>{@code c}: leads on top and bottom only, a wide flat die, larger pads, short wires and a
 *       thin fillet.
 * </ul>
 *
 * Ids contain no underscore, so {@link org.aoissl.data.Sample#deviceOf} recovers them from the
 * {@code <device>_<index>} stems.
 */
public final class TransferDevices {
  /** Device ids in the order they are written. */
  public static final List<String> IDS = List.of("a", "a-frame", "a-zoom", "a-light", "b", "c");

  static final PackageDesign A = new PackageDesign(150, 130, 6, -4, 12, 45, 15, 9, 11, 13, false,
      2.0, 0.05, 10, 10, 5.5, 7, 1.5, 1.0);
  static final PackageDesign A_FRAME = new PackageDesign(124, 124, -5, 5, 9, 58, 15, 7, 14, 13,
      false, 2.0, 0.06, 10, 10, 5.5, 9, 1.8, 1.5);
  static final PackageDesign B = new PackageDesign(96, 176, 0, 8, 14, 78, 10, 6, 13, 12, true,
      2.2, 0.07, 9, 11, 6, 14, 2.2, 2.0);
  static final PackageDesign C = new PackageDesign(200, 84, 0, -6, 10, 36, 5, 4, 12, 14, false,
      2.0, 0.04, 11, 9, 5.5, 4, 1.0, 0.3);

  private TransferDevices() {}

  /** The six devices, in {@link #IDS} order, for the configuration's image size, scale and look. */
  public static List<DeviceSpec> devices(TransferConfig cfg) {
    int w = cfg.width();
    int h = cfg.height();
    double s = cfg.scale();
    Variation line = Variation.LINE;
    DieLook look = cfg.look();
    Appearance std = new Appearance(look.dieGain, look.metalGain, 1, 1);
    // Turning the die round: a dark die looks mid-grey under the other recipe, a bright one dim.
    double lightDie = look == DieLook.DARK_DIE ? 2.0 : 0.5;
    Appearance relit = new Appearance(look.dieGain * lightDie, look.metalGain * 0.9, 0.7, 0.8);
    long seedA = Seeds.mix(cfg.seed(), 1, 0);
    DeviceSpec.Lighting lightA = new DeviceSpec.Lighting(0.95, 0.02, 1.0, 0.02, 0.15, 0.010, 0.5);
    List<DeviceSpec> out = new ArrayList<>();
    out.add(fit(A.place("a", seedA, w, h, s, lightA, line, std), A, cfg, 1));
    out.add(fit(A_FRAME.place("a-frame", Seeds.mix(cfg.seed(), 1, 1), w, h, s,
        new DeviceSpec.Lighting(0.92, 0.025, 1.05, 0.02, 0.18, 0.011, 0.55), line, std),
        A_FRAME, cfg, 1));
    // The zoomed recipe centres the package in the field of view, as a re-taught camera would.
    out.add(fit(A.centred().place("a-zoom", seedA, w, h, s * cfg.zoom(),
        new DeviceSpec.Lighting(0.95, 0.02, 1.0, 0.02, 0.15, 0.010, 0.6), line, std),
        A.centred(), cfg, cfg.zoom()));
    out.add(fit(A.place("a-light", seedA, w, h, s,
        new DeviceSpec.Lighting(0.78, 0.07, 0.85, 0.05, 0.38, 0.014, 0.75), line, relit),
        A, cfg, 1));
    out.add(fit(B.place("b", Seeds.mix(cfg.seed(), 1, 2), w, h, s,
        new DeviceSpec.Lighting(1.02, 0.01, 0.9, 0.03, 0.22, 0.012, 0.6), line, std), B, cfg, 1));
    out.add(fit(C.place("c", Seeds.mix(cfg.seed(), 1, 3), w, h, s,
        new DeviceSpec.Lighting(0.88, 0.03, 1.1, 0.01, 0.1, 0.009, 0.45), line, std), C, cfg, 1));
    return out;
  }

  /**
   * Refuses an image too small for a device: every bond must land inside it, or wires would be cut
   * off at the edge and the benchmark would measure the frame instead of the method.
   */
  private static DeviceSpec fit(DeviceSpec d, PackageDesign p, TransferConfig cfg, double zoom) {
    // Lead tips, the wedge placed up to about 1.8 wedge lengths beyond them, and one standard
    // deviation of placement: the rare unit near its placement limit may put a wedge into the
    // ignored border, as a real unit at the edge of the field of view would.
    double units = p.paddleMargin() + p.leadGap() + 1.8 * p.wedgeLength()
        + Variation.LINE.frameSigma() + Variation.LINE.dieSigma();
    double halfX = Math.abs(p.offsetX()) + p.dieW() / 2 + units;
    double halfY = Math.abs(p.offsetY()) + p.dieH() / 2 + units;
    double s = cfg.scale() * zoom;
    int needW = (int) Math.ceil(2 * halfX * s);
    int needH = (int) Math.ceil(2 * halfY * s);
    if (needW > cfg.width() || needH > cfg.height()) {
      throw new IllegalArgumentException(String.format(
          "device %s at scale %.2f needs at least %dx%d px; got %dx%d (lower --scale or --zoom, or "
              + "enlarge the image)", d.id(), s, needW, needH, cfg.width(), cfg.height()));
    }
    return d;
  }
}
