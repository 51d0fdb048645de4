package org.aoissl.data.annot;

import com.fasterxml.jackson.databind.JsonNode;
import org.aoissl.io.BadInputException;

/** Rasterises one VIA 2.x {@code shape_attributes} object, checking its fields. */
final class ViaShapes {
  private ViaShapes() {}

  /**
   * Paints the shape; {@code where} names the region in messages, {@code strokeWidth} applies to
   * polylines only.
   */
  static void paint(JsonSource src, JsonNode shape, String where, double strokeWidth, Rasterizer raster)
      throws BadInputException {
    String name = src.text(shape, "name", where + " shape_attributes");
    String w = where + " " + name;
    switch (name) {
      case "polygon" -> raster.polygon(points(src, shape, w, 3));
      case "polyline" -> raster.polyline(points(src, shape, w, 2), strokeWidth);
      case "circle" -> raster.circle(
          src.number(shape, "cx", w), src.number(shape, "cy", w), nonNegative(src, shape, "r", w));
      case "ellipse" -> {
        JsonNode theta = shape.get("theta");
        raster.ellipse(src.number(shape, "cx", w), src.number(shape, "cy", w),
            nonNegative(src, shape, "rx", w), nonNegative(src, shape, "ry", w),
            theta == null || theta.isNull() ? 0 : src.number(theta, w + ": 'theta'"));
      }
      case "rect" -> {
        double x = src.number(shape, "x", w);
        double y = src.number(shape, "y", w);
        double width = src.number(shape, "width", w);
        double height = src.number(shape, "height", w);
        // A rectangle dragged up or left may be stored with a negative extent.
        raster.rect(Math.min(x, x + width), Math.min(y, y + height), Math.abs(width), Math.abs(height));
      }
      default -> throw src.bad(where + ": shape " + JsonSource.quote(name) + " is not supported"
          + " (polygon, polyline, circle, ellipse and rect are); give its class \"skip\" to drop it");
    }
  }

  private static double[] points(JsonSource src, JsonNode shape, String where, int minPoints)
      throws BadInputException {
    double[] xs = src.numbers(src.field(shape, "all_points_x", where), where + ": all_points_x");
    double[] ys = src.numbers(src.field(shape, "all_points_y", where), where + ": all_points_y");
    if (xs.length != ys.length) {
      throw src.bad(where + ": all_points_x has " + xs.length + " values but all_points_y has "
          + ys.length);
    }
    if (xs.length < minPoints) {
      throw src.bad(where + " has " + xs.length + " points; it needs at least " + minPoints);
    }
    double[] xy = new double[2 * xs.length];
    for (int i = 0; i < xs.length; i++) {
      xy[2 * i] = xs[i];
      xy[2 * i + 1] = ys[i];
    }
    return xy;
  }

  private static double nonNegative(JsonSource src, JsonNode shape, String field, String where)
      throws BadInputException {
    double v = src.number(shape, field, where);
    if (v < 0) {
      throw src.bad(where + ": '" + field + "' must not be negative, found " + v);
    }
    return v;
  }
}
