package org.aoissl.model;

import java.util.Map;

/**
 * A direct, loop-by-loop ViT forward pass in double precision from named weights, written from the
 * timm/MAE definitions (conv patch embedding, pre-norm blocks, exact GELU) to check the tensor code.
 */
final class NaiveVit {
  private final VitConfig c;
  private final Map<String, float[]> w;

  NaiveVit(VitConfig c, Map<String, float[]> weights) {
    this.c = c;
    this.w = weights;
  }

  /** Tokens after the final norm, {@code [1 + h·w][D]}, for one image {@code [C][H][W]} flat. */
  double[][] forward(float[] img, int height, int width, float[] pos) {
    int p = c.patchSize();
    int d = c.dim();
    int gh = height / p;
    int gw = width / p;
    double[][] x = new double[1 + gh * gw][d];
    for (int k = 0; k < d; k++) {
      x[0][k] = w.get("cls_token")[k] + pos[k];
    }
    float[] pw = w.get("patch_embed.proj.weight");
    float[] pb = w.get("patch_embed.proj.bias");
    for (int i = 0; i < gh; i++) {
      for (int j = 0; j < gw; j++) {
        int t = 1 + i * gw + j;
        for (int k = 0; k < d; k++) {
          double s = pb[k];
          for (int ch = 0; ch < c.channels(); ch++) {
            for (int y = 0; y < p; y++) {
              for (int xx = 0; xx < p; xx++) {
                s += pw[((k * c.channels() + ch) * p + y) * p + xx]
                    * img[(ch * height + i * p + y) * width + j * p + xx];
              }
            }
          }
          x[t][k] = s + pos[t * d + k];
        }
      }
    }
    for (int b = 0; b < c.depth(); b++) {
      x = block(x, "blocks." + b + ".");
    }
    return norm(x, "norm");
  }

  private double[][] block(double[][] x, String pre) {
    double[][] a = attention(norm(x, pre + "norm1"), pre + "attn.");
    double[][] y = add(x, a);
    double[][] h = linear(norm(y, pre + "norm2"), pre + "mlp.fc1");
    for (double[] row : h) {
      for (int k = 0; k < row.length; k++) {
        row[k] = 0.5 * row[k] * (1 + erf(row[k] / Math.sqrt(2)));
      }
    }
    return add(y, linear(h, pre + "mlp.fc2"));
  }

  private double[][] attention(double[][] x, String pre) {
    int t = x.length;
    int d = c.dim();
    int dh = c.headDim();
    double[][] qkv = linear(x, pre + "qkv");
    double[][] out = new double[t][d];
    for (int h = 0; h < c.heads(); h++) {
      for (int i = 0; i < t; i++) {
        double[] s = new double[t];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < t; j++) {
          double dot = 0;
          for (int k = 0; k < dh; k++) {
            dot += qkv[i][h * dh + k] * qkv[j][d + h * dh + k];
          }
          s[j] = dot / Math.sqrt(dh);
          max = Math.max(max, s[j]);
        }
        double z = 0;
        for (int j = 0; j < t; j++) {
          s[j] = Math.exp(s[j] - max);
          z += s[j];
        }
        for (int j = 0; j < t; j++) {
          for (int k = 0; k < dh; k++) {
            out[i][h * dh + k] += s[j] / z * qkv[j][2 * d + h * dh + k];
          }
        }
      }
    }
    return linear(out, pre + "proj");
  }

  private double[][] linear(double[][] x, String name) {
    float[] wt = w.get(name + ".weight");
    float[] b = w.get(name + ".bias");
    int in = x[0].length;
    int out = wt.length / in;
    double[][] y = new double[x.length][out];
    for (int t = 0; t < x.length; t++) {
      for (int o = 0; o < out; o++) {
        double s = b == null ? 0 : b[o];
        for (int i = 0; i < in; i++) {
          s += wt[o * in + i] * x[t][i];
        }
        y[t][o] = s;
      }
    }
    return y;
  }

  private double[][] norm(double[][] x, String name) {
    float[] g = w.get(name + ".weight");
    float[] b = w.get(name + ".bias");
    double[][] y = new double[x.length][];
    for (int t = 0; t < x.length; t++) {
      int n = x[t].length;
      double mean = 0;
      for (double v : x[t]) {
        mean += v / n;
      }
      double var = 0;
      for (double v : x[t]) {
        var += (v - mean) * (v - mean) / n;
      }
      y[t] = new double[n];
      for (int k = 0; k < n; k++) {
        y[t][k] = (x[t][k] - mean) / Math.sqrt(var + c.layerNormEps()) * g[k] + b[k];
      }
    }
    return y;
  }

  private static double[][] add(double[][] a, double[][] b) {
    double[][] y = new double[a.length][];
    for (int t = 0; t < a.length; t++) {
      y[t] = new double[a[t].length];
      for (int k = 0; k < a[t].length; k++) {
        y[t][k] = a[t][k] + b[t][k];
      }
    }
    return y;
  }

  /** Abramowitz-Stegun 7.1.26 (|error| < 1.5e-7), plenty for a 1e-4 comparison. */
  static double erf(double x) {
    double s = Math.signum(x);
    double a = Math.abs(x);
    double t = 1 / (1 + 0.3275911 * a);
    double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
        + 0.254829592) * t * Math.exp(-a * a);
    return s * y;
  }
}
