package org.aoissl.retrieval;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.aoissl.model.TorchScript;

/**
 * Principal directions of a set of keys, to search a bank in fewer dimensions. {@link #fit} takes the
 * mean and the top-r eigenvectors of the keys' covariance ({@code torch.linalg.eigh} in float64);
 * {@link #project} maps keys onto those directions and L2-normalises again. The projection does not
 * subtract the mean: the bank's similarity is the cosine of the keys themselves, and for keys lying in
 * the principal subspace {@code x·Cᵀ} keeps their dot products exactly, while centring would change
 * the similarity. The state is two float arrays, so a bank file can hold it ({@link #fromArrays}).
 */
public final class Pca {
  private static final int ROWS_PER_PASS = 65_536;

  private final int dim;
  private final int rank;
  private final float[] mean; // [D]
  private final float[] components; // [r, D], unit rows, strongest first

  private Pca(float[] mean, float[] components, int rank) {
    this.dim = mean.length;
    this.rank = rank;
    this.mean = mean;
    this.components = components;
  }

  /** A fitted projection from its arrays: {@code mean [D]} and {@code components [r, D]}. */
  public static Pca fromArrays(float[] mean, float[] components, int rank) {
    if (mean.length < 1 || rank < 1 || rank > mean.length
        || (long) rank * mean.length != components.length) {
      throw new IllegalArgumentException("need a mean of D >= 1 floats and r x D components with 1 <= r"
          + " <= D; got D = " + mean.length + ", r = " + rank + ", " + components.length + " floats");
    }
    return new Pca(mean.clone(), components.clone(), rank);
  }

  /**
   * Fits the top {@code rank} directions of {@code keys} ({@code [n, dim]}) on at most {@code
   * maxSample} of them, drawn at random with {@code seed} when there are more.
   */
  public static Pca fit(float[] keys, int n, int dim, int rank, int maxSample, long seed) {
    ExactIndex.checkLength(keys, n, dim);
    if (rank < 1 || rank > dim || n < 2 || maxSample < 2) {
      throw new IllegalArgumentException("need 1 <= rank <= dim and at least 2 keys and samples; got rank "
          + rank + ", dim " + dim + ", " + n + " keys, maxSample " + maxSample);
    }
    int[] rows = sample(n, Math.min(n, maxSample), seed);
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray sum = manager.zeros(new Shape(dim), DataType.FLOAT64);
      NDArray gram = manager.zeros(new Shape(dim, dim), DataType.FLOAT64);
      for (int p0 = 0; p0 < rows.length; p0 += ROWS_PER_PASS) {
        int pn = Math.min(ROWS_PER_PASS, rows.length - p0);
        float[] block = new float[pn * dim];
        for (int i = 0; i < pn; i++) {
          System.arraycopy(keys, rows[p0 + i] * dim, block, i * dim, dim);
        }
        try (NDManager m = manager.newSubManager(); NDScope scope = new NDScope()) {
          NDArray x = m.create(block, new Shape(pn, dim)).toType(DataType.FLOAT64, false);
          sum.addi(x.sum(new int[] {0}));
          gram.addi(x.transpose().matMul(x)); // [D, D]
        }
      }
      long s = rows.length;
      NDArray mu = sum.div(s); // [D]
      NDArray outer = mu.reshape(dim, 1).matMul(mu.reshape(1, dim));
      NDArray cov = gram.sub(outer.mul(s)).div(s - 1); // [D, D]
      NDList eig = IValueUtils.forward(Eigh.MODULE, new NDList(cov), false);
      double[] vectors = eig.get(1).toDoubleArray(); // [D, D], column j is eigenvector j, ascending
      float[] mean = toFloat(mu.toDoubleArray());
      return new Pca(mean, topComponents(vectors, dim, rank), rank);
    }
  }

  /** The last {@code rank} columns, strongest first, each signed so its largest entry is positive. */
  private static float[] topComponents(double[] vectors, int dim, int rank) {
    float[] out = new float[rank * dim];
    for (int j = 0; j < rank; j++) {
      int col = dim - 1 - j;
      int arg = 0;
      for (int i = 1; i < dim; i++) {
        if (Math.abs(vectors[i * dim + col]) > Math.abs(vectors[arg * dim + col])) {
          arg = i;
        }
      }
      double sign = vectors[arg * dim + col] < 0 ? -1 : 1;
      for (int i = 0; i < dim; i++) {
        out[j * dim + i] = (float) (sign * vectors[i * dim + col]);
      }
    }
    return out;
  }

  /**
   * {@code x} ({@code [n, D]}) onto the principal directions, {@code [n, r]}, each row L2-normalised
   * (a row orthogonal to every direction stays zero).
   */
  public float[] project(float[] x, int n) {
    ExactIndex.checkLength(x, n, dim);
    float[] out = new float[n * rank];
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray ct = manager.create(components, new Shape(rank, dim)).transpose(); // [D, r]
      for (int p0 = 0; p0 < n; p0 += ROWS_PER_PASS) {
        int pn = Math.min(ROWS_PER_PASS, n - p0);
        try (NDManager m = manager.newSubManager(); NDScope scope = new NDScope()) {
          NDArray y = m.create(FloatBuffer.wrap(x, p0 * dim, pn * dim), new Shape(pn, dim)).matMul(ct);
          NDArray norm = y.norm(new int[] {1}, true).maximum(1e-12f);
          float[] v = y.div(norm).toFloatArray();
          System.arraycopy(v, 0, out, p0 * rank, pn * rank);
        }
      }
    }
    return out;
  }

  public int dim() {
    return dim;
  }

  public int rank() {
    return rank;
  }

  public float[] mean() {
    return mean.clone();
  }

  /** {@code [r, D]} row-major: unit principal directions, strongest first. */
  public float[] components() {
    return components.clone();
  }

  /** {@code count} distinct row indices of {@code [0, n)}, ascending (all of them if count = n). */
  static int[] sample(int n, int count, long seed) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    if (count < n) {
      SplittableRandom rnd = new SplittableRandom(seed);
      for (int i = 0; i < count; i++) {
        int j = i + rnd.nextInt(n - i);
        int t = all[i];
        all[i] = all[j];
        all[j] = t;
      }
    }
    int[] out = Arrays.copyOf(all, count);
    Arrays.sort(out);
    return out;
  }

  private static float[] toFloat(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  /** {@code torch.linalg.eigh}: eigenvalues ascending and eigenvectors as columns. */
  private static final class Eigh {
    static final PtSymbolBlock MODULE = load();

    private static PtSymbolBlock load() {
      try {
        return TorchScript.load("PcaEigh", String.join("\n",
            "  def forward(self: __torch__.PcaEigh, c: Tensor) -> Tuple[Tensor, Tensor]:",
            "    w, v = torch.linalg_eigh(c)",
            "    return (w, v)",
            ""));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
