package org.aoissl.data.annot;

import java.util.Objects;

/**
 * How {@link ViaAnnotations} reads a VIA file.
 *
 * @param sizes where image sizes come from (VIA files carry none)
 * @param classAttribute the region attribute holding the class name, or null for the default rule: the
 *     first region attribute whose value resolves to a class, "ignore" or "skip"
 * @param polylineWidth stroke width in pixels for polylines without a width attribute
 * @param widthAttribute the region attribute giving a polyline's stroke width, or null for none
 */
public record ViaOptions(
    ImageSizes sizes, String classAttribute, double polylineWidth, String widthAttribute) {
  public static final double DEFAULT_POLYLINE_WIDTH = 3.0;
  public static final String DEFAULT_WIDTH_ATTRIBUTE = "width";

  public ViaOptions {
    Objects.requireNonNull(sizes, "sizes");
    if (!(polylineWidth > 0) || Double.isInfinite(polylineWidth)) {
      throw new IllegalArgumentException("polylineWidth must be a positive number; got " + polylineWidth);
    }
  }

  /** Default rule for classes, stroke width 3 px unless a region's "width" attribute says otherwise. */
  public static ViaOptions of(ImageSizes sizes) {
    return new ViaOptions(sizes, null, DEFAULT_POLYLINE_WIDTH, DEFAULT_WIDTH_ATTRIBUTE);
  }

  public ViaOptions withClassAttribute(String key) {
    return new ViaOptions(sizes, key, polylineWidth, widthAttribute);
  }

  public ViaOptions withPolylineWidth(double width) {
    return new ViaOptions(sizes, classAttribute, width, widthAttribute);
  }

  public ViaOptions withWidthAttribute(String key) {
    return new ViaOptions(sizes, classAttribute, polylineWidth, key);
  }
}
