package org.aoissl.data.annot;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.aoissl.io.BadInputException;

/**
 * One annotation JSON file: parses it and reads typed fields, turning every problem into a one-line
 * {@link BadInputException} that names the file and says where in it ({@code where}, e.g. "images[2]").
 */
final class JsonSource {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private final Path file;

  JsonSource(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  /** Parses the file; its top level must be a JSON object. */
  JsonNode readObject() throws BadInputException {
    JsonNode root;
    try (InputStream in = Files.newInputStream(file)) {
      root = MAPPER.readTree(in);
    } catch (NoSuchFileException e) {
      throw bad("file not found");
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new BadInputException(file, "malformed JSON" + where + ": " + firstLine(e.getOriginalMessage()), e);
    } catch (IOException e) {
      throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
    }
    if (root == null || root.isMissingNode()) {
      throw bad("file is empty, expected a JSON object");
    }
    if (!root.isObject()) {
      throw bad("expected a JSON object at the top level, found " + kind(root));
    }
    return root;
  }

  BadInputException bad(String problem) {
    return new BadInputException(file, problem);
  }

  /** A field that must be present and not null. */
  JsonNode field(JsonNode obj, String name, String where) throws BadInputException {
    JsonNode v = obj.get(name);
    if (v == null || v.isNull()) {
      throw bad(where + " has no '" + name + "'");
    }
    return v;
  }

  JsonNode array(JsonNode obj, String name, String where) throws BadInputException {
    JsonNode v = field(obj, name, where);
    if (!v.isArray()) {
      throw bad(where + ": '" + name + "' must be an array, found " + kind(v));
    }
    return v;
  }

  JsonNode object(JsonNode obj, String name, String where) throws BadInputException {
    JsonNode v = field(obj, name, where);
    if (!v.isObject()) {
      throw bad(where + ": '" + name + "' must be an object, found " + kind(v));
    }
    return v;
  }

  String text(JsonNode obj, String name, String where) throws BadInputException {
    JsonNode v = field(obj, name, where);
    if (!v.isTextual()) {
      throw bad(where + ": '" + name + "' must be a string, found " + kind(v));
    }
    return v.textValue();
  }

  double number(JsonNode obj, String name, String where) throws BadInputException {
    return number(field(obj, name, where), where + ": '" + name + "'");
  }

  /** A finite JSON number; {@code what} names the value in the message. */
  double number(JsonNode v, String what) throws BadInputException {
    if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
      throw bad(what + " must be a finite number, found " + kind(v));
    }
    return v.doubleValue();
  }

  /** A whole number (5 or 5.0) in [min, max]. */
  long integer(JsonNode v, String what, long min, long max) throws BadInputException {
    double d = number(v, what);
    if (d != Math.rint(d) || d < min || d > max) {
      throw bad(what + " must be a whole number in [" + min + ", " + max + "], found " + v);
    }
    return (long) d;
  }

  int positiveInt(JsonNode obj, String name, String where) throws BadInputException {
    return (int) integer(field(obj, name, where), where + ": '" + name + "'", 1, Integer.MAX_VALUE);
  }

  /** An array of finite numbers. */
  double[] numbers(JsonNode array, String what) throws BadInputException {
    if (!array.isArray()) {
      throw bad(what + " must be an array of numbers, found " + kind(array));
    }
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = number(array.get(i), what + "[" + i + "]");
    }
    return out;
  }

  /** Identifier as text: COCO ids are numbers, some exporters write strings. */
  String id(JsonNode obj, String name, String where) throws BadInputException {
    JsonNode v = field(obj, name, where);
    if (v.isTextual()) {
      return v.textValue();
    }
    return Long.toString(integer(v, where + ": '" + name + "'", Long.MIN_VALUE / 2, Long.MAX_VALUE / 2));
  }

  /** A user-supplied string made safe for a one-line message. */
  static String quote(String s) {
    return "'" + clean(s) + "'";
  }

  /** Control characters replaced, long strings shortened: safe inside a one-line message. */
  static String clean(String s) {
    String t = s.replaceAll("\\p{Cntrl}", "?");
    return t.length() > 80 ? t.substring(0, 77) + "..." : t;
  }

  static String kind(JsonNode v) {
    if (v.isNumber()) {
      return "the number " + v;
    }
    if (v.isTextual()) {
      return "the string " + quote(v.textValue());
    }
    return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT).replace("missing", "nothing");
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int cut = s.indexOf('\n');
    String line = cut < 0 ? s : s.substring(0, cut);
    // Jackson appends a source description that only repeats the file name.
    int src = line.indexOf(" (start marker at [Source");
    return src < 0 ? line : line.substring(0, src);
  }
}
