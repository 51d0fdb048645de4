package org.aoissl.synth;

import java.util.SplittableRandom;
import org.aoissl.data.AoiImage;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Mask;

/**
 * Renders synthetic wire-bonded parts with exact masks (see the package documentation for the scene
 * model and the mask rule). Holds no mutable state: one generator may render from many threads.
 */
public final class SceneGenerator {
  static final int WIRE = 0;
  static final int BALL = 1;
  static final int WEDGE = 2;
  static final int EPOXY = 3;

  /**
   * Renders one part of a device.
   *
   * @param device the device (its size is the image size)
   * @param imageSeed part-to-part variation; the same device, seed, shift and bits give the same pixels
   * @param shift lighting or focus shift, {@link Shift#NONE} for the device's own recipe
   * @param bits 8 or 16: pixel values are multiples of 1/255 or 1/65535
   */
  public SynthSample render(DeviceSpec device, long imageSeed, Shift shift, int bits) {
    return render(device, imageSeed, shift, bits, 2);
  }

  /**
   * Renders one part of a device with {@code channels} buffers: 2 gives bright-field and dark-field,
   * 1 the bright-field buffer alone, as an ordinary monochrome AOI camera sees the part. The first
   * buffer is the same in both.
   */
  public SynthSample render(DeviceSpec device, long imageSeed, Shift shift, int bits, int channels) {
    if (channels != 1 && channels != 2) {
      throw new IllegalArgumentException("channels must be 1 or 2; got " + channels);
    }
    if (bits != 8 && bits != 16) {
      throw new IllegalArgumentException("bits must be 8 or 16; got " + bits);
    }
    if (shift == null) {
      throw new IllegalArgumentException("shift must not be null; use Shift.NONE");
    }
    SplittableRandom r = imageRandom(device, imageSeed);
    Part part = new Part(new Layout(device), r.split());
    int w = device.width();
    int h = device.height();
    Canvas cv = new Canvas(w, h);
    SplittableRandom tr = r.split();
    double sc = device.scale();
    new ValueNoise(tr, w, h, 40 * sc).addTo(cv.tex, w, h, 0.5f);
    new ValueNoise(tr, w, h, 11 * sc).addTo(cv.tex, w, h, 0.3f);
    new ValueNoise(tr, w, h, Math.max(1.5, 3.5 * sc)).addTo(cv.tex, w, h, 0.25f);

    LeadframePainter.paint(cv, part);
    EpoxyPainter.paint(cv, part, r.split());
    DiePainter.paint(cv, part);
    BondPainter.balls(cv, part);
    new WirePainter().paint(cv, part);
    BondPainter.wedges(cv, part);

    AoiImage image = Sensor.expose(cv, device, shift, bits, channels, r.split());
    Mask mask = mask(cv, borderWidth(Math.min(w, h)));
    return new SynthSample(device.id() + "-" + Long.toHexString(imageSeed), device.id(), image, mask);
  }

  /** Renders one part of a device with its own lighting, as 8-bit values. */
  public SynthSample render(DeviceSpec device, long imageSeed) {
    return render(device, imageSeed, Shift.NONE, 8);
  }

  /** The random stream of one image; its first split places the {@link Part}. */
  static SplittableRandom imageRandom(DeviceSpec device, long imageSeed) {
    return new SplittableRandom(device.seed() * 0xD1B54A32D192ED03L + imageSeed * 0x9E3779B97F4A7C15L);
  }

  /** Width of the ignored image border: 4 px at 512, never below 2. */
  static int borderWidth(int size) {
    return Math.max(2, Math.round(size / 128f));
  }

  /**
   * The mask rule: a layer is present where its coverage is at least 0.5; a bond hides the wire under
   * it; epoxy counts wherever the die does not cover it, also under wires and bonds.
   */
  static Mask mask(Canvas cv, int border) {
    Mask m = new Mask(ClassSet.DEFAULT.size(), cv.h, cv.w);
    for (int y = 0; y < cv.h; y++) {
      for (int x = 0; x < cv.w; x++) {
        int layers = cv.layers[y * cv.w + x];
        int bits = 0;
        if ((layers & Canvas.BALL) != 0) {
          bits |= 1 << BALL;
        } else if ((layers & Canvas.WEDGE) != 0) {
          bits |= 1 << WEDGE;
        } else if ((layers & Canvas.WIRE) != 0) {
          bits |= 1 << WIRE;
        }
        if ((layers & (Canvas.EPOXY | Canvas.DIE)) == Canvas.EPOXY) {
          bits |= 1 << EPOXY;
        }
        if (bits != 0) {
          m.setClassBits(y, x, bits);
        }
        if (x < border || y < border || x >= cv.w - border || y >= cv.h - border) {
          m.setIgnored(y, x, true);
        }
      }
    }
    return m;
  }
}
