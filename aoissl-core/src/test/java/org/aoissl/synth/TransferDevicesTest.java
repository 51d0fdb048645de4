package org.aoissl.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.aoissl.data.LabelEncoding;
import org.aoissl.data.Mask;
import org.junit.jupiter.api.Test;

class TransferDevicesTest {
  private static final int W = 512;
  private final SceneGenerator gen = new SceneGenerator();
  private final TransferConfig cfg = TransferConfig.defaults(3, 1);
  private final List<DeviceSpec> devices = TransferDevices.devices(cfg);

  private DeviceSpec device(String id) {
    return devices.get(TransferDevices.IDS.indexOf(id));
  }

  private Mask mask(DeviceSpec d, long unit) {
    return gen.render(d, unit, Shift.NONE, 8, 1).mask();
  }

  /** Best-aligned wire IoU and mean wire-to-wire distance (px) between two units of a device. */
  private static double[] wireMismatch(Mask a, Mask b) {
    boolean[] wa = MaskMeasures.plane(a, SceneGenerator.WIRE);
    boolean[] wb = MaskMeasures.plane(b, SceneGenerator.WIRE);
    double[] s = MaskMeasures.bestShift(wa, wb, W, W, 24);
    double dist = MaskMeasures.meanDistance(wa, wb, W, W, (int) s[0], (int) s[1], 16);
    return new double[] {s[2], dist};
  }

  @Test
  void idsSurviveTheDeviceDerivationAndDevicesAreDeterministic() {
    assertThat(devices).extracting(DeviceSpec::id).containsExactlyElementsOf(TransferDevices.IDS);
    for (String id : TransferDevices.IDS) {
      assertThat(org.aoissl.data.Sample.deviceOf(id + "_00003")).isEqualTo(id);
    }
    assertThat(TransferDevices.devices(TransferConfig.defaults(3, 2))).isEqualTo(devices);
    assertThat(device("a").wireWidth()).isEqualTo(2.0);
    assertThat(device("a").ballDiameter()).isEqualTo(10.0);
    assertThat(device("a-zoom").seed()).isEqualTo(device("a").seed());
    assertThat(device("a-frame").seed()).isNotEqualTo(device("a").seed());
  }

  @Test
  void unitsOfAAreNotRepeatsButKeepTheirLayoutWhileAFrameDiffers() {
    DeviceSpec a = device("a");
    // The same design with the classic generator's part-to-part variation, for comparison.
    DeviceSpec classic = new DeviceSpec("a-classic", a.seed(), a.width(), a.height(), a.scale(),
        a.dieCx(), a.dieCy(), a.dieW(), a.dieH(), a.paddleMargin(), a.leadGap(), a.leadSides(),
        a.leadsPerSide(), a.leadWidth(), a.padSize(), a.staggeredPads(), a.padSpan(), a.wireWidth(),
        a.wireBow(), a.ballDiameter(), a.wedgeLength(), a.wedgeWidth(), a.epoxyWidth(),
        a.epoxyRagged(), a.epoxyBlobs(), 0, a.lighting(), Variation.CLASSIC, a.appearance());
    Mask first = mask(a, 0);
    Mask firstClassic = mask(classic, 0);
    int balls = MaskMeasures.centroids(MaskMeasures.plane(first, SceneGenerator.BALL), W, W, 10).size();
    for (long unit = 1; unit <= 3; unit++) {
      Mask m = mask(a, unit);
      double[] line = wireMismatch(first, m);
      double[] old = wireMismatch(firstClassic, mask(classic, unit));
      System.out.printf("a unit 0 vs %d: wire IoU after alignment %.2f (classic %.2f), mean wire "
          + "offset %.2f px (classic %.2f)%n", unit, line[0], old[0], line[1], old[1]);
      // Not a repeat: after the best shift, wires still sit a pixel or more apart on average ...
      assertThat(line[0]).as("wire IoU after alignment, unit %d", unit).isLessThan(0.5);
      assertThat(line[1]).as("mean wire offset, unit %d", unit).isBetween(1.2, 6.0);
      assertThat(line[0]).isLessThan(old[0]);
      // ... yet the design is the same: every pad bonded, die placed and turned within limits.
      assertThat(MaskMeasures.centroids(MaskMeasures.plane(m, SceneGenerator.BALL), W, W, 10))
          .hasSize(balls);
      Part part = new Part(new Layout(a), SceneGenerator.imageRandom(a, unit).split());
      assertThat(Math.hypot(part.dieX - part.gx - a.dieCx(), part.dieY - part.gy - a.dieCy()))
          .isLessThanOrEqualTo(Math.sqrt(2) * Variation.LINE.dieLimit() * a.scale());
      assertThat(Math.toDegrees(Math.asin(Math.abs(part.sin))))
          .isLessThanOrEqualTo(Variation.LINE.rotationLimit() + 1e-9);
    }
    // a-frame: the same pads, balls and wires on another die and leadframe.
    DeviceSpec f = device("a-frame");
    Layout la = new Layout(a);
    Layout lf = new Layout(f);
    assertThat(lf.leads.size()).isNotEqualTo(la.leads.size());
    assertThat(f.dieW()).isNotEqualTo(a.dieW());
    assertThat(leadPitch(lf)).isNotCloseTo(leadPitch(la), org.assertj.core.data.Offset.offset(1.0));
    assertThat(f.ballDiameter()).isEqualTo(a.ballDiameter());
    assertThat(f.wireWidth()).isEqualTo(a.wireWidth());
  }

  /** Distance between the tips of the first two leads on the top side. */
  private static double leadPitch(Layout l) {
    List<Layout.Lead> top = l.leads.stream().filter(x -> x.side() == 0).toList();
    return Math.hypot(top.get(1).tipX() - top.get(0).tipX(), top.get(1).tipY() - top.get(0).tipY());
  }

  @Test
  void zoomScalesWireWidthAndBallDiameter() {
    double[][] sizes = new double[devices.size()][];
    for (int k = 0; k < devices.size(); k++) {
      DeviceSpec d = devices.get(k);
      double wire = 0;
      double ball = 0;
      for (long unit = 0; unit < 2; unit++) {
        Mask m = mask(d, unit);
        wire += MaskMeasures.medianStrokeWidth(MaskMeasures.plane(m, SceneGenerator.WIRE),
            d.width(), d.height()) / 2;
        ball += MaskMeasures.medianDiameter(MaskMeasures.plane(m, SceneGenerator.BALL),
            d.width(), d.height(), 10) / 2;
      }
      sizes[k] = new double[] {wire, ball};
      System.out.printf("%-8s wire width %.2f px, ball diameter %.2f px%n", d.id(), wire, ball);
    }
    double[] a = sizes[TransferDevices.IDS.indexOf("a")];
    double[] zoom = sizes[TransferDevices.IDS.indexOf("a-zoom")];
    assertThat(a[0]).isBetween(1.6, 2.6);
    assertThat(a[1]).isBetween(9.0, 11.0);
    assertThat(zoom[1] / a[1]).isCloseTo(cfg.zoom(), org.assertj.core.data.Offset.offset(0.1));
    assertThat(zoom[0] / a[0]).isCloseTo(cfg.zoom(), org.assertj.core.data.Offset.offset(0.25));
    // Without the zoom, magnification is about the same between devices.
    for (String id : List.of("a-frame", "a-light", "b", "c")) {
      double[] s = sizes[TransferDevices.IDS.indexOf(id)];
      assertThat(s[0]).as(id).isBetween(1.6, 2.8);
      assertThat(s[1]).as(id).isBetween(8.0, 12.0);
    }
  }

  @Test
  void nonSquareOneChannelImagesHaveTheirShape() {
    TransferConfig wide = new TransferConfig(3, 640, 480, 1, 1.0, DieLook.BRIGHT_DIE, 1, 8,
        LabelEncoding.BITS, 1, 1, 1, 1);
    for (DeviceSpec d : TransferDevices.devices(wide)) {
      SynthSample s = gen.render(d, 7, Shift.NONE, 8, 1);
      assertThat(s.image().channels()).isEqualTo(1);
      assertThat(s.image().width()).isEqualTo(640);
      assertThat(s.image().height()).isEqualTo(480);
      assertThat(s.mask().width()).isEqualTo(640);
      assertThat(s.mask().count(SceneGenerator.BALL)).as(d.id()).isGreaterThan(0);
      // The bright-field buffer is the same whether or not the dark-field one is exposed too.
      assertThat(s.image().channel(0))
          .isEqualTo(gen.render(d, 7, Shift.NONE, 8, 2).image().channel(0));
    }
  }

  @Test
  void refusesAnImageTooSmallForTheDevices() {
    TransferConfig small = new TransferConfig(3, 256, 256, 1, 1.4, DieLook.DARK_DIE, 1, 8,
        LabelEncoding.BITS, 1, 1, 1, 1);
    assertThatThrownBy(() -> TransferDevices.devices(small))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs at least").hasMessageContaining("got 256x256");
    assertThatThrownBy(() -> new TransferConfig(3, 512, 512, 1, 1.7, DieLook.DARK_DIE, 1, 8,
        LabelEncoding.BITS, 1, 1, 1, 1)).hasMessageContaining("zoom must be in [0.6, 1.6]; got 1.7");
  }
}
