package org.aoissl.synth;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The die's top surface as seen by both buffers, drawn once per device in die-local texels: circuit
 * blocks (some striped like memory arrays), rectilinear traces, the seal ring and the bond pads.
 * Texel (i, j) has its centre at die-local (i + 0.5 - tw / 2, j + 0.5 - th / 2).
 */
final class DieTexture {
  final int tw;
  final int th;
  /** Bright-field reflectance. */
  final float[] t0;
  /** Dark-field response: edges of the circuitry scatter the ring light. */
  final float[] t1;

  DieTexture(DeviceSpec spec, List<Layout.Pad> pads, SplittableRandom r) {
    tw = (int) Math.ceil(spec.dieW()) + 2;
    th = (int) Math.ceil(spec.dieH()) + 2;
    t0 = new float[tw * th];
    t1 = new float[tw * th];
    double sc = spec.scale();
    float base = (float) (0.30 + 0.16 * r.nextDouble());
    java.util.Arrays.fill(t0, base);

    // Die edges in texel coordinates.
    double x0 = tw / 2.0 - spec.dieW() / 2;
    double y0 = th / 2.0 - spec.dieH() / 2;
    double x1 = x0 + spec.dieW();
    double y1 = y0 + spec.dieH();
    double ring = spec.padSize() * (spec.staggeredPads() ? 2.6 : 1.4) + 6 * sc;
    double cx0 = x0 + ring;
    double cy0 = y0 + ring;
    double cw = Math.max(4, x1 - ring - cx0);
    double ch = Math.max(4, y1 - ring - cy0);

    int blocks = 5 + r.nextInt(8);
    for (int b = 0; b < blocks; b++) {
      double bw = cw * (0.12 + 0.35 * r.nextDouble());
      double bh = ch * (0.12 + 0.35 * r.nextDouble());
      double bx = cx0 + (cw - bw) * r.nextDouble();
      double by = cy0 + (ch - bh) * r.nextDouble();
      float level = base + (float) (0.24 * r.nextDouble() - 0.11);
      fillRect(bx, by, bx + bw, by + bh, level);
      double kind = r.nextDouble();
      if (kind < 0.35) {
        stripes(bx, by, bw, bh, Math.max(2, (2 + r.nextInt(3)) * sc), r.nextBoolean(), level + 0.09f);
      } else if (kind < 0.55) {
        cells(bx, by, bw, bh, (3 + r.nextInt(3)) * sc, level - 0.07f);
      }
    }
    int traces = 30 + r.nextInt(60);
    for (int k = 0; k < traces; k++) {
      double w = (1 + r.nextInt(2)) * Math.max(0.8, sc);
      float level = base + (float) (0.12 + 0.14 * r.nextDouble());
      if (r.nextBoolean()) {
        double y = y0 + ring * 0.6 + (y1 - y0 - 1.2 * ring) * r.nextDouble();
        double xa = x0 + ring * 0.6 + (x1 - x0 - 1.2 * ring) * r.nextDouble();
        double len = (x1 - x0) * (0.05 + 0.4 * r.nextDouble());
        fillRect(xa, y, Math.min(x1 - ring * 0.6, xa + len), y + w, level);
      } else {
        double x = x0 + ring * 0.6 + (x1 - x0 - 1.2 * ring) * r.nextDouble();
        double ya = y0 + ring * 0.6 + (y1 - y0 - 1.2 * ring) * r.nextDouble();
        double len = (y1 - y0) * (0.05 + 0.4 * r.nextDouble());
        fillRect(x, ya, x + w, Math.min(y1 - ring * 0.6, ya + len), level);
      }
    }
    // Seal ring just inside the die edge, with a darker scribe margin outside it.
    double si = 1.5 * Math.max(1, sc);
    double sw = 1.5 * Math.max(1, sc);
    fillRect(x0, y0, x1, y1, 0.24f, si);
    fillRect(x0 + si, y0 + si, x1 - si, y1 - si, 0.66f, sw);

    float padLevel = (float) (0.74 + 0.1 * r.nextDouble());
    // A dark or bright die recipe: the circuitry and passivation change, the aluminium pads do not.
    float gain = (float) spec.appearance().dieGain();
    if (gain != 1) {
      for (int i = 0; i < t0.length; i++) {
        t0[i] *= gain;
      }
    }
    double half = spec.padSize() / 2;
    for (Layout.Pad p : pads) {
      double px = p.u() + tw / 2.0;
      double py = p.v() + th / 2.0;
      // Bond-pad trace toward the core, then the passivation step, then the aluminium opening.
      double lx = -Layout.NX[p.side()] * spec.padSize() * 1.3;
      double ly = -Layout.NY[p.side()] * spec.padSize() * 1.3;
      double tw2 = spec.padSize() * 0.18;
      fillRect(Math.min(px, px + lx) - tw2, Math.min(py, py + ly) - tw2,
          Math.max(px, px + lx) + tw2, Math.max(py, py + ly) + tw2, (base + 0.2f) * gain);
      fillRect(px - half - 1, py - half - 1, px + half + 1, py + half + 1, 0.3f * gain);
      fillRect(px - half, py - half, px + half, py + half, padLevel);
    }
    for (int i = 0; i < t0.length; i++) {
      t0[i] += (float) (0.025 * (r.nextDouble() - 0.5));
    }
    darkField();
  }

  /** Dark-field: flat areas stay dark, every step in the bright-field surface lights up. */
  private void darkField() {
    for (int j = 0; j < th; j++) {
      for (int i = 0; i < tw; i++) {
        int k = j * tw + i;
        float gx = t0[j * tw + Math.min(tw - 1, i + 1)] - t0[j * tw + Math.max(0, i - 1)];
        float gy = t0[Math.min(th - 1, j + 1) * tw + i] - t0[Math.max(0, j - 1) * tw + i];
        float g = (float) Math.sqrt(gx * gx + gy * gy);
        t1[k] = 0.07f + Math.min(0.55f, 1.3f * g) + 0.08f * (t0[k] - 0.3f);
      }
    }
  }

  /** Paints a rectangle with exact area coverage of each texel. */
  private void fillRect(double ax, double ay, double bx, double by, float level) {
    int i0 = Math.max(0, (int) Math.floor(ax));
    int i1 = Math.min(tw - 1, (int) Math.ceil(bx) - 1);
    int j0 = Math.max(0, (int) Math.floor(ay));
    int j1 = Math.min(th - 1, (int) Math.ceil(by) - 1);
    for (int j = j0; j <= j1; j++) {
      double cy = Math.min(by, j + 1) - Math.max(ay, j);
      for (int i = i0; i <= i1; i++) {
        double cx = Math.min(bx, i + 1) - Math.max(ax, i);
        float a = (float) (cx * cy);
        if (a > 0) {
          int k = j * tw + i;
          t0[k] += (level - t0[k]) * a;
        }
      }
    }
  }

  /** Paints the outline band of width w inside a rectangle. */
  private void fillRect(double ax, double ay, double bx, double by, float level, double w) {
    fillRect(ax, ay, bx, ay + w, level);
    fillRect(ax, by - w, bx, by, level);
    fillRect(ax, ay + w, ax + w, by - w, level);
    fillRect(bx - w, ay + w, bx, by - w, level);
  }

  private void stripes(double x, double y, double w, double h, double period, boolean horizontal,
                       float level) {
    double end = horizontal ? y + h : x + w;
    for (double p = (horizontal ? y : x) + period / 2; p + period / 2 < end; p += period) {
      if (horizontal) {
        fillRect(x, p, x + w, p + period / 2, level);
      } else {
        fillRect(p, y, p + period / 2, y + h, level);
      }
    }
  }

  private void cells(double x, double y, double w, double h, double cell, float level) {
    for (double cy = y + 1; cy + cell <= y + h; cy += cell) {
      for (double cx = x + 1; cx + cell <= x + w; cx += cell) {
        fillRect(cx, cy, cx + cell * 0.6, cy + cell * 0.6, level);
      }
    }
  }
}
