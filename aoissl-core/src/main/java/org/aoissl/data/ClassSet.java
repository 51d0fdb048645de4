package org.aoissl.data;

import java.util.List;

/**
 * The named classes of a dataset, in a fixed order: class {@code i} is plane {@code i} of a {@link
 * Mask}, bit {@code i} of a bit-packed label and id {@code i + 1} of an integer label map (0 is
 * background there).
 */
public record ClassSet(List<String> names) {
  /** The paper's classes. */
  public static final ClassSet DEFAULT = new ClassSet(List.of("wire", "ball", "wedge", "epoxy"));

  public ClassSet {
    names = List.copyOf(names);
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a class set needs at least one class");
    }
    if (names.size() > 8) {
      // Bit-packed 8-bit label PNGs carry at most 8 classes (255 is reserved for ignore).
      throw new IllegalArgumentException("at most 8 classes are supported; got " + names.size());
    }
    if (names.stream().distinct().count() != names.size()) {
      throw new IllegalArgumentException("class names must be unique: " + names);
    }
    for (String n : names) {
      if (n.isBlank()) {
        throw new IllegalArgumentException("class names must not be blank: " + names);
      }
    }
  }

  public static ClassSet of(String... names) {
    return new ClassSet(List.of(names));
  }

  /** Parses "wire,ball,wedge,epoxy". */
  public static ClassSet parse(String commaSeparated) {
    return new ClassSet(List.of(commaSeparated.trim().split("\\s*,\\s*")));
  }

  public int size() {
    return names.size();
  }

  public String name(int index) {
    return names.get(index);
  }

  /** Index of a class name, or -1. */
  public int indexOf(String name) {
    return names.indexOf(name);
  }

  @Override
  public String toString() {
    return String.join(",", names);
  }
}
