package org.aoissl.serve;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.aoissl.retrieval.BankImage;
import org.aoissl.retrieval.BankSettings;
import org.aoissl.retrieval.EncoderId;
import org.aoissl.retrieval.MemoryBank;

/** What {@code GET /v1/banks/{name}} says of a bank version, as JSON-ready maps. */
final class BankInfo {
  private BankInfo() {}

  static Map<String, Object> of(String name, ServedBank.Snapshot s, List<BankVersion> versions) {
    MemoryBank b = s.inspector().bank();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("version", s.version().version());
    m.put("images", b.numImages());
    m.put("entries", b.size());
    TreeSet<String> devices = new TreeSet<>();
    for (BankImage im : b.images()) {
      devices.add(im.device());
    }
    m.put("devices", List.copyOf(devices));
    m.put("classes", b.classes().names());
    EncoderId e = b.encoder();
    m.put("encoder", Map.of("checkpoint", e.checkpoint(), "dim", e.dim(), "patchSize", e.patchSize(),
        "channels", e.channels()));
    BankSettings st = b.settings();
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("method", st.method());
    settings.put("k", st.k());
    settings.put("beta", st.beta());
    settings.put("thresholds", st.thresholds());
    settings.put("blocks", st.blocks());
    settings.put("tuned", st.tuned());
    m.put("settings", settings);
    m.put("segmentsWith", s.inspector().label());
    m.put("refiner", b.refiner() != null);
    m.put("pixelSize", b.config().pixelSize());
    m.put("versions", versions);
    return m;
  }
}
