package org.aoissl.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The nominal design of a device, fixed by its seed: where the pads sit on the die, where the lead
 * tips are, which pad is bonded to which lead, and the die's circuitry. Parts of the device are this
 * design plus placement jitter ({@link Part}).
 */
final class Layout {
  /** Outward normal of side 0 top, 1 right, 2 bottom, 3 left (image y grows downward). */
  static final double[] NX = {0, 1, 0, -1};
  static final double[] NY = {-1, 0, 1, 0};

  /** A bond pad centre in die-local coordinates (origin at the die centre). */
  record Pad(int side, double u, double v) {}

  /** A lead finger: tip centre in image coordinates (nominal), unit direction away from the die. */
  record Lead(int side, double tipX, double tipY, double dirX, double dirY, double width) {}

  /** A bonded wire and its typical sideways bow at one and two thirds, as fractions of its length. */
  record Wire(Pad pad, Lead lead, double bow1, double bow2) {}

  final DeviceSpec spec;
  final List<Pad> pads = new ArrayList<>();
  final List<Lead> leads = new ArrayList<>();
  final List<Wire> wires = new ArrayList<>();
  final DieTexture die;
  /** Device materials: bright-field level of the leadframe metal, the epoxy and the wire flanks. */
  final float metal0;
  final float epoxy0;
  final float epoxy1;
  final float wire0;
  /** Per-side factor of the epoxy fillet width: dispensing is rarely symmetric. */
  final double[] epoxySide = new double[4];
  /** The side where epoxy blobs tend to spread. */
  final int blobSide;
  /** Spot plating on the inner lead ends: how far past the tips it reaches, and its extra brightness. */
  final double plateDepth;
  final float plateGain;

  Layout(DeviceSpec spec) {
    this.spec = spec;
    SplittableRandom r = new SplittableRandom(spec.seed() * 0x9E3779B97F4A7C15L + 17);
    for (int side = 0; side < 4; side++) {
      if ((spec.leadSides() & (1 << side)) != 0) {
        addSide(side, r);
      }
    }
    die = new DieTexture(spec, pads, r.split());
    metal0 = (float) (0.6 + 0.18 * r.nextDouble());
    epoxy0 = (float) (0.26 + 0.14 * r.nextDouble());
    epoxy1 = (float) (0.15 + 0.1 * r.nextDouble());
    wire0 = (float) (0.1 + 0.1 * r.nextDouble());
    for (int k = 0; k < 4; k++) {
      epoxySide[k] = Math.exp(0.25 * r.nextGaussian());
    }
    blobSide = r.nextInt(4);
    plateDepth = spec.wedgeLength() * (1.5 + 2.5 * r.nextDouble());
    plateGain = r.nextDouble() < 0.25 ? 0 : (float) (0.06 + 0.12 * r.nextDouble());
  }

  /** Distance from the die edge to the centre of the outer pad row. */
  static double padInset(double pad, double scale) {
    return pad / 2 + Math.max(2.5 * scale, 0.3 * pad);
  }

  /** Half the die's extent along a side. */
  static double halfAlong(int side, double hw, double hh) {
    return side % 2 == 0 ? hw : hh;
  }

  /** Distance from the die centre to a side. */
  static double halfAcross(int side, double hw, double hh) {
    return side % 2 == 0 ? hh : hw;
  }

  private void addSide(int side, SplittableRandom r) {
    double hw = spec.dieW() / 2;
    double hh = spec.dieH() / 2;
    double tx = -NY[side];
    double ty = NX[side];
    double shortHalf = Math.min(hw, hh) + spec.paddleMargin() + spec.leadGap();
    double reach = spec.paddleMargin() + spec.leadGap();
    double alongT = halfAlong(side, hw + reach, hh + reach);
    // Same lead pitch on every side: the longer sides of a die carry more leads.
    int n = Math.max(1, (int) Math.round(spec.leadsPerSide() * alongT / shortHalf));
    int unused = r.nextDouble() < 0.5 ? 0 : r.nextInt(1 + n / 5);
    int wanted = Math.max(1, n - unused);

    double along = halfAlong(side, hw, hh);
    double pad = spec.padSize();
    boolean stag = spec.staggeredPads();
    double span = spec.padSpan();
    int padCap = 1 + (int) (2 * span * along / (pad * (stag ? 0.85 : 1.3)));
    int padCount = Math.min(padCap, wanted + r.nextInt(4));
    wanted = Math.min(wanted, padCount);

    double across = halfAcross(side, hw, hh);
    double inset = padInset(pad, spec.scale());
    List<Pad> sidePads = new ArrayList<>();
    for (int j = 0; j < padCount; j++) {
      double tau = padCount == 1 ? 0 : -span * along + 2 * span * along * j / (padCount - 1);
      double depth = across - inset - (stag && j % 2 == 1 ? 1.2 * pad : 0);
      Pad p = new Pad(side, NX[side] * depth + tx * tau, NY[side] * depth + ty * tau);
      sidePads.add(p);
      pads.add(p);
    }

    double acrossT = halfAcross(side, hw + reach, hh + reach);
    List<Lead> sideLeads = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      double tau = n == 1 ? 0 : -0.72 * alongT + 1.44 * alongT * j / (n - 1);
      double ox = NX[side] * acrossT + tx * tau;
      double oy = NY[side] * acrossT + ty * tau;
      double len = Math.hypot(ox, oy);
      Lead l = new Lead(side, spec.dieCx() + ox, spec.dieCy() + oy, ox / len, oy / len,
          spec.leadWidth());
      sideLeads.add(l);
      leads.add(l);
    }

    // Pairing chosen pads and leads in order along the side keeps wires from crossing.
    int[] padIdx = pickSorted(padCount, wanted, r);
    int[] leadIdx = pickSorted(n, wanted, r);
    for (int k = 0; k < wanted; k++) {
      double bow1 = spec.wireBow() * r.nextGaussian();
      double bow2 = 0.6 * bow1 + 0.5 * spec.wireBow() * r.nextGaussian();
      wires.add(new Wire(sidePads.get(padIdx[k]), sideLeads.get(leadIdx[k]), bow1, bow2));
    }
  }

  /** {@code k} distinct indices of {@code 0..n-1} in increasing order. */
  private static int[] pickSorted(int n, int k, SplittableRandom r) {
    boolean[] take = new boolean[n];
    for (int left = k; left > 0; ) {
      int i = r.nextInt(n);
      if (!take[i]) {
        take[i] = true;
        left--;
      }
    }
    int[] out = new int[k];
    for (int i = 0, j = 0; i < n; i++) {
      if (take[i]) {
        out[j++] = i;
      }
    }
    return out;
  }
}
