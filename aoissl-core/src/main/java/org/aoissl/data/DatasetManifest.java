package org.aoissl.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.aoissl.io.BadInputException;
import org.aoissl.io.FormatTooNewException;
import org.aoissl.io.FormatUtil;

/**
 * The optional {@code dataset.json} beside a dataset's folders: which layout and label encoding it
 * uses, its class names, and free-form provenance (e.g. the generator's seed). It is plain JSON so people
 * can write one by hand; it carries a format version so that readers can refuse newer ones.
 *
 * <pre>{"format": "aoissl-dataset", "version": 1, "layout": "aoi-ssl", "labels": "bits",
 *  "classes": ["wire", "ball", "wedge", "epoxy"], "provenance": {"seed": "7"}}</pre>
 */
public record DatasetManifest(
    String layout, LabelEncoding labels, ClassSet classes, Map<String, String> provenance) {
  public static final String FILE_NAME = "dataset.json";
  public static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  public DatasetManifest {
    provenance = new TreeMap<>(provenance);
  }

  /** Reads {@code root/dataset.json}, or returns null when there is none. */
  public static DatasetManifest readIfPresent(Path root) throws IOException {
    Path f = root.resolve(FILE_NAME);
    if (!Files.isRegularFile(f)) {
      return null;
    }
    JsonNode n;
    try {
      n = JSON.readTree(f.toFile());
    } catch (JsonProcessingException e) {
      throw new BadInputException(f, "malformed JSON at line " + e.getLocation().getLineNr()
          + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject() || !"aoissl-dataset".equals(n.path("format").asText())) {
      throw new BadInputException(f, "not a dataset manifest (\"format\": \"aoissl-dataset\" missing)");
    }
    int version = n.path("version").asInt(-1);
    if (version < 1) {
      throw new BadInputException(f, "manifest has no valid \"version\"");
    }
    if (version > VERSION) {
      throw new FormatTooNewException(
          f, "manifest version " + version + " is too new; this build reads 1.." + VERSION);
    }
    try {
      String layout = n.hasNonNull("layout") ? n.get("layout").asText() : null;
      LabelEncoding labels = n.hasNonNull("labels") ? LabelEncoding.parse(n.get("labels").asText()) : null;
      ClassSet classes = null;
      if (n.has("classes")) {
        List<String> names = new ArrayList<>();
        n.get("classes").forEach(c -> names.add(c.asText()));
        classes = new ClassSet(names);
      }
      Map<String, String> prov = new TreeMap<>();
      n.path("provenance").fields().forEachRemaining(e -> prov.put(e.getKey(), e.getValue().asText()));
      return new DatasetManifest(layout, labels, classes, prov);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(f, e.getMessage());
    }
  }

  /** Writes {@code root/dataset.json} atomically. */
  public void write(Path root) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("format", "aoissl-dataset");
    n.put("version", VERSION);
    if (layout != null) {
      n.put("layout", layout);
    }
    if (labels != null) {
      n.put("labels", labels.name().toLowerCase(java.util.Locale.ROOT));
    }
    if (classes != null) {
      ArrayNode a = n.putArray("classes");
      classes.names().forEach(a::add);
    }
    ObjectNode p = n.putObject("provenance");
    provenance.forEach(p::put);
    byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n)
        .concat("\n").getBytes(StandardCharsets.UTF_8);
    FormatUtil.writeAtomically(root.resolve(FILE_NAME), out -> out.write(bytes));
  }
}
