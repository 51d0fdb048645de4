package org.aoissl.data;

import java.util.Map;

/**
 * How to read a dataset when its folder does not say it all.
 *
 * @param layout layout name (aoi-ssl, bitmask, plain, coco, via), or null to detect it
 * @param classes class names, or null for the manifest's or {@link ClassSet#DEFAULT}
 * @param labels label encoding, or null for the layout's default
 * @param classMap annotation class name to our class name ("ignore" and "skip" are special)
 * @param polylineWidth stroke width in pixels for VIA polylines without one of their own
 */
public record DatasetOptions(
    String layout, ClassSet classes, LabelEncoding labels, Map<String, String> classMap,
    double polylineWidth) {
  public static final DatasetOptions DEFAULT = new DatasetOptions(null, null, null, Map.of(), 3.0);

  public DatasetOptions {
    classMap = Map.copyOf(classMap);
    if (!(polylineWidth > 0)) {
      throw new IllegalArgumentException("polylineWidth must be > 0; got " + polylineWidth);
    }
  }

  public DatasetOptions withLayout(String newLayout) {
    return new DatasetOptions(newLayout, classes, labels, classMap, polylineWidth);
  }

  public DatasetOptions withClasses(ClassSet newClasses) {
    return new DatasetOptions(layout, newClasses, labels, classMap, polylineWidth);
  }

  public DatasetOptions withLabels(LabelEncoding newLabels) {
    return new DatasetOptions(layout, classes, newLabels, classMap, polylineWidth);
  }
}
