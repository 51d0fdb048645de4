package org.aoissl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/** A float32 tensor held in Java memory, so files can be read and checked without a tensor engine. */
public record NamedTensor(String name, long[] shape, float[] data) {
  public NamedTensor {
    shape = shape.clone();
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(name + ": negative dimension in " + Arrays.toString(shape));
      }
      n *= d;
    }
    if (n != data.length) {
      throw new IllegalArgumentException(
          name + ": shape " + Arrays.toString(shape) + " holds " + n + " values, data has " + data.length);
    }
  }

  /** Copies an NDArray (converted to float32) into Java memory. */
  public static NamedTensor of(String name, NDArray a) {
    float[] d = a.getDataType() == DataType.FLOAT32 ? a.toFloatArray() : a.toType(DataType.FLOAT32, true).toFloatArray();
    return new NamedTensor(name, a.getShape().getShape(), d);
  }

  /** A new NDArray on {@code manager}. */
  public NDArray toNDArray(NDManager manager) {
    return manager.create(data, new Shape(shape));
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NamedTensor t && name.equals(t.name) && Arrays.equals(shape, t.shape)
        && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape);
  }
}
