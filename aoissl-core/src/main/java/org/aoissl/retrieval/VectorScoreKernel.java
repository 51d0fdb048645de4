package org.aoissl.retrieval;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD {@link ScoreKernel}: four query rows against four vectors of key columns at a time, sixteen
 * accumulators kept in registers over the whole dimension, each step one load of the keys' row and one
 * broadcast of a query value per four fused multiply-adds. Loaded only where the vector module is.
 */
final class VectorScoreKernel implements ScoreKernel {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int L = SPECIES.length();
  /** Columns per pass: four vectors, so 64 / BLOCK passes cover a strip. */
  private static final int BLOCK = 4 * L;

  VectorScoreKernel() {
    if (PackedKeys.STRIP % BLOCK != 0) {
      throw new IllegalStateException("a strip of " + PackedKeys.STRIP + " is not a multiple of " + BLOCK
          + " (the plain-Java kernel is used instead)");
    }
  }

  @Override
  public void scoreStrip(float[] queries, int[] rows, int from, int to, int dim, float[] packed, int at,
      float[] out) {
    for (int c0 = 0; c0 < PackedKeys.STRIP; c0 += BLOCK) {
      int r = from;
      for (; r + 4 <= to; r += 4) {
        fourRows(queries, rows, r, dim, packed, at + c0, out, (r - from) * PackedKeys.STRIP + c0);
      }
      for (; r + 2 <= to; r += 2) {
        twoRows(queries, rows, r, dim, packed, at + c0, out, (r - from) * PackedKeys.STRIP + c0);
      }
      for (; r < to; r++) {
        oneRow(queries, rows[r] * dim, dim, packed, at + c0, out, (r - from) * PackedKeys.STRIP + c0);
      }
    }
  }

  private static void fourRows(float[] qs, int[] rows, int r, int dim, float[] k, int at, float[] out, int o) {
    int w = PackedKeys.STRIP;
    int q0 = rows[r] * dim;
    int q1 = rows[r + 1] * dim;
    int q2 = rows[r + 2] * dim;
    int q3 = rows[r + 3] * dim;
    FloatVector z = FloatVector.zero(SPECIES);
    FloatVector a00 = z, a01 = z, a02 = z, a03 = z, a10 = z, a11 = z, a12 = z, a13 = z;
    FloatVector a20 = z, a21 = z, a22 = z, a23 = z, a30 = z, a31 = z, a32 = z, a33 = z;
    for (int d = 0, p = at; d < dim; d++, p += w) {
      FloatVector k0 = FloatVector.fromArray(SPECIES, k, p);
      FloatVector k1 = FloatVector.fromArray(SPECIES, k, p + L);
      FloatVector k2 = FloatVector.fromArray(SPECIES, k, p + 2 * L);
      FloatVector k3 = FloatVector.fromArray(SPECIES, k, p + 3 * L);
      FloatVector b = FloatVector.broadcast(SPECIES, qs[q0 + d]);
      a00 = b.fma(k0, a00);
      a01 = b.fma(k1, a01);
      a02 = b.fma(k2, a02);
      a03 = b.fma(k3, a03);
      b = FloatVector.broadcast(SPECIES, qs[q1 + d]);
      a10 = b.fma(k0, a10);
      a11 = b.fma(k1, a11);
      a12 = b.fma(k2, a12);
      a13 = b.fma(k3, a13);
      b = FloatVector.broadcast(SPECIES, qs[q2 + d]);
      a20 = b.fma(k0, a20);
      a21 = b.fma(k1, a21);
      a22 = b.fma(k2, a22);
      a23 = b.fma(k3, a23);
      b = FloatVector.broadcast(SPECIES, qs[q3 + d]);
      a30 = b.fma(k0, a30);
      a31 = b.fma(k1, a31);
      a32 = b.fma(k2, a32);
      a33 = b.fma(k3, a33);
    }
    store(out, o, a00, a01, a02, a03);
    store(out, o + w, a10, a11, a12, a13);
    store(out, o + 2 * w, a20, a21, a22, a23);
    store(out, o + 3 * w, a30, a31, a32, a33);
  }

  /** As {@link #fourRows} for two rows: a cell probed by few queries reads each strip half as often. */
  private static void twoRows(float[] qs, int[] rows, int r, int dim, float[] k, int at, float[] out, int o) {
    int q0 = rows[r] * dim;
    int q1 = rows[r + 1] * dim;
    FloatVector z = FloatVector.zero(SPECIES);
    FloatVector a00 = z, a01 = z, a02 = z, a03 = z, a10 = z, a11 = z, a12 = z, a13 = z;
    for (int d = 0, p = at; d < dim; d++, p += PackedKeys.STRIP) {
      FloatVector k0 = FloatVector.fromArray(SPECIES, k, p);
      FloatVector k1 = FloatVector.fromArray(SPECIES, k, p + L);
      FloatVector k2 = FloatVector.fromArray(SPECIES, k, p + 2 * L);
      FloatVector k3 = FloatVector.fromArray(SPECIES, k, p + 3 * L);
      FloatVector b = FloatVector.broadcast(SPECIES, qs[q0 + d]);
      a00 = b.fma(k0, a00);
      a01 = b.fma(k1, a01);
      a02 = b.fma(k2, a02);
      a03 = b.fma(k3, a03);
      b = FloatVector.broadcast(SPECIES, qs[q1 + d]);
      a10 = b.fma(k0, a10);
      a11 = b.fma(k1, a11);
      a12 = b.fma(k2, a12);
      a13 = b.fma(k3, a13);
    }
    store(out, o, a00, a01, a02, a03);
    store(out, o + PackedKeys.STRIP, a10, a11, a12, a13);
  }

  private static void oneRow(float[] qs, int q, int dim, float[] k, int at, float[] out, int o) {
    FloatVector z = FloatVector.zero(SPECIES);
    FloatVector a0 = z, a1 = z, a2 = z, a3 = z;
    for (int d = 0, p = at; d < dim; d++, p += PackedKeys.STRIP) {
      FloatVector b = FloatVector.broadcast(SPECIES, qs[q + d]);
      a0 = b.fma(FloatVector.fromArray(SPECIES, k, p), a0);
      a1 = b.fma(FloatVector.fromArray(SPECIES, k, p + L), a1);
      a2 = b.fma(FloatVector.fromArray(SPECIES, k, p + 2 * L), a2);
      a3 = b.fma(FloatVector.fromArray(SPECIES, k, p + 3 * L), a3);
    }
    store(out, o, a0, a1, a2, a3);
  }

  private static void store(float[] out, int o, FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3) {
    v0.intoArray(out, o);
    v1.intoArray(out, o + L);
    v2.intoArray(out, o + 2 * L);
    v3.intoArray(out, o + 3 * L);
  }
}
