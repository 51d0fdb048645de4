package org.aoissl.data.annot;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Mask;

/**
 * Maps a class name written in an annotation file to a mask label. The name is first looked up in the
 * caller's class map (keys compared case-insensitively; unmapped names map to themselves); the result is
 * then "ignore" (paint the ignore plane), "skip" (drop the shape) or a class of the {@link ClassSet},
 * all compared case-insensitively.
 */
final class ClassResolver {
  static final int IGNORE = -1;
  static final int SKIP = -2;
  static final int UNKNOWN = -3;

  private final ClassSet classes;
  private final Map<String, String> map = new HashMap<>();

  ClassResolver(ClassSet classes, Map<String, String> classMap) {
    this.classes = classes;
    if (classMap != null) {
      for (Map.Entry<String, String> e : classMap.entrySet()) {
        if (e.getKey() == null || e.getValue() == null) {
          throw new IllegalArgumentException("class map has a null name: " + classMap);
        }
        String key = normalise(e.getKey());
        String value = e.getValue().trim();
        String old = map.put(key, value);
        if (old != null && !old.equalsIgnoreCase(value)) {
          throw new IllegalArgumentException("class map has '" + key + "' twice (ignoring case) with "
              + "different targets: '" + old + "' and '" + value + "'");
        }
      }
    }
  }

  /** A class index, {@link #IGNORE}, {@link #SKIP} or {@link #UNKNOWN}. */
  int resolve(String name) {
    String target = normalise(map.getOrDefault(normalise(name), name));
    if (target.equals("ignore")) {
      return IGNORE;
    }
    if (target.equals("skip")) {
      return SKIP;
    }
    for (int k = 0; k < classes.size(); k++) {
      if (normalise(classes.name(k)).equals(target)) {
        return k;
      }
    }
    return UNKNOWN;
  }

  /** The one-line problem for a name that {@link #resolve} does not know; {@code what} is e.g. "category". */
  String unknown(String what, String name) {
    String mapped = map.get(normalise(name));
    return what + " " + JsonSource.quote(name)
        + (mapped == null ? "" : " (mapped to " + JsonSource.quote(mapped) + ")")
        + " is not one of the classes " + classes + " nor ignore/skip; add it to the class map";
  }

  /** Paints label {@code label} (a class index or {@link #IGNORE}) into a mask. */
  static SpanSink painter(Mask mask, int label) {
    if (label == IGNORE) {
      return (y, x0, x1) -> {
        for (int x = x0; x < x1; x++) {
          mask.setIgnored(y, x, true);
        }
      };
    }
    if (label < 0) {
      throw new IllegalArgumentException("not a paintable label: " + label);
    }
    return (y, x0, x1) -> {
      for (int x = x0; x < x1; x++) {
        mask.set(label, y, x, true);
      }
    };
  }

  private static String normalise(String s) {
    return s.trim().toLowerCase(Locale.ROOT);
  }
}
