package org.aoissl.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aoissl.data.ImageCodec;
import org.aoissl.data.LabelEncoding;
import org.aoissl.data.Mask;
import org.aoissl.data.MaskCodec;
import org.aoissl.inspect.Inspector;
import org.aoissl.inspect.SegmentChoices;
import org.aoissl.retrieval.BankEncoder;
import org.aoissl.retrieval.BankFile;
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.PatchEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service driven over real HTTP: segment, teach, revert, the OpenAPI document and metrics. */
class InspectionServerTest {
  @TempDir Path dir;

  private final List<String> log = new CopyOnWriteArrayList<>();

  private InspectionServer start(Path bank) throws Exception {
    return InspectionServer.start(ServeConfig.of(Map.of("b", bank)), log::add);
  }

  @Test
  void segmentsAsTheLibraryDoesAndTeachingServesTheNextVersion() throws Exception {
    Path bank = ServeFixture.bank(dir);
    Path[] q = ServeFixture.files(dir.resolve("q"), "q1", 10);
    Mask expected;
    try (PatchEncoder enc = BankEncoder.open(null, BankFile.read(bank), bank);
        Inspector ins = Inspector.open(bank, BankFile.read(bank), enc, null, SegmentChoices.DEFAULT)) {
      expected = ins.segment(ImageCodec.read(q[0]), 0).mask();
    }
    try (InspectionServer s = start(bank)) {
      Http http = new Http(s.port());
      assertThat(Http.json(http.get("/health")).path("status").asText()).isEqualTo("ok");
      JsonNode banks = Http.json(http.get("/v1/banks"));
      assertThat(banks.path("banks").get(0).path("version").asInt()).isEqualTo(1);
      assertThat(banks.path("banks").get(0).path("images").asInt()).isEqualTo(3);

      byte[] tiff = Files.readAllBytes(q[0]);
      HttpResponse<byte[]> seg = http.post("/v1/segment?bank=b", tiff, "image/tiff");
      assertThat(seg.statusCode()).as(Http.text(seg)).isEqualTo(200);
      JsonNode j = Http.json(seg);
      assertThat(j.path("version").asInt()).isEqualTo(1);
      assertThat(j.path("width").asInt()).isEqualTo(64);
      for (int k = 0; k < expected.numClasses(); k++) {
        assertThat(j.path("classes").get(k).path("pixels").asLong()).as("class " + k).isEqualTo(expected.count(k));
      }
      assertThat(j.path("timings").path("totalMs").asDouble()).isPositive();

      // The label PNG is the library's mask, bit-packed; channels as PNG parts give the same answer.
      HttpResponse<byte[]> png = http.postPng("/v1/segment?bank=b", tiff, "image/tiff");
      assertThat(png.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("image/png"));
      assertThat(decode(png.body(), expected.numClasses())).isEqualTo(expected);
      List<Path> channels = ServeFixture.channelPngs(dir.resolve("q"), "q1", 10);
      HttpResponse<byte[]> parts = http.multipart("/v1/segment?bank=b",
          List.of(Map.entry("image", channels.get(0)), Map.entry("image", channels.get(1))), Map.of());
      assertThat(Http.json(parts).path("classes")).isEqualTo(j.path("classes"));

      // Teach: the next request sees version 2 with one more image; revert goes back to its content.
      Path[] t = ServeFixture.files(dir.resolve("t"), "t1", 20);
      HttpResponse<byte[]> add = http.multipart("/v1/banks/b/images",
          List.of(Map.entry("image", t[0]), Map.entry("mask", t[1])), Map.of("id", "t1"));
      assertThat(add.statusCode()).as(Http.text(add)).isEqualTo(201);
      assertThat(Http.json(add).path("version").asInt()).isEqualTo(2);
      assertThat(Http.json(http.get("/v1/banks/b")).path("images").asInt()).isEqualTo(4);
      assertThat(http.post("/v1/segment?bank=b", tiff, "image/tiff").headers().firstValue("X-Bank-Version"))
          .hasValue("2");
      MemoryBank onDisk = BankFile.read(bank);
      assertThat(onDisk.numImages()).as("written before it is served").isEqualTo(4);
      assertThat(log).anySatisfy(l -> assertThat(l).contains("bank b v1 -> v2: add t1 by local"));
      HttpResponse<byte[]> again = http.multipart("/v1/banks/b/images",
          List.of(Map.entry("image", t[0]), Map.entry("mask", t[1])), Map.of("id", "t1"));
      assertThat(again.statusCode()).isEqualTo(409);

      HttpResponse<byte[]> rev = http.post("/v1/banks/b/revert", new byte[0], "application/json");
      assertThat(rev.statusCode()).as(Http.text(rev)).isEqualTo(200);
      assertThat(Http.json(rev).path("version").asInt()).isEqualTo(3);
      assertThat(Http.json(rev).path("change").asText()).isEqualTo("revert to v1");
      assertThat(Http.json(rev).path("images").asInt()).isEqualTo(3);
      assertThat(decode(http.postPng("/v1/segment?bank=b", tiff, "image/tiff").body(), expected.numClasses()))
          .as("v3 segments as v1 did").isEqualTo(expected);
      assertThat(http.post("/v1/banks/b/revert", new byte[0], "application/json").statusCode())
          .as("v1 has nothing before it").isEqualTo(409);
      JsonNode versions = Http.json(http.get("/v1/banks/b")).path("versions");
      assertThat(versions.findValuesAsText("version")).containsExactly("1", "2", "3");
    }

    // A restart serves the version on disk, with its history.
    try (InspectionServer s = start(bank)) {
      JsonNode b = Http.json(new Http(s.port()).get("/v1/banks/b"));
      assertThat(b.path("version").asInt()).isEqualTo(3);
      assertThat(b.path("versions").size()).isEqualTo(3);
    }
  }

  @Test
  void theOpenApiDocumentNamesEveryEndpointAndMetricsCountRequests() throws Exception {
    try (InspectionServer s = start(ServeFixture.bank(dir))) {
      Http http = new Http(s.port());
      JsonNode api = Http.json(http.get("/v1/openapi.json"));
      Set<String> documented = new HashSet<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = api.path("paths").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        for (Iterator<String> m = e.getValue().fieldNames(); m.hasNext(); ) {
          documented.add(m.next().toUpperCase() + " " + e.getKey());
        }
      }
      assertThat(documented).containsExactlyInAnyOrderElementsOf(s.routes());
      http.get("/v1/banks");
      http.get("/v1/banks/nope");
      String metrics = Http.text(http.get("/metrics"));
      assertThat(metrics).contains("aoissl_requests_total{endpoint=\"/v1/banks\",status=\"200\"} 1.0");
      assertThat(metrics).contains("aoissl_requests_total{endpoint=\"/v1/banks/{name}\",status=\"404\"} 1.0");
      assertThat(metrics).contains("aoissl_bank_version{bank=\"b\"} 1.0");
      assertThat(metrics).contains("aoissl_request_seconds_count{endpoint=\"/v1/banks/{name}\",status=\"404\"} 1");
      assertThat(metrics).contains("aoissl_queue_depth 0.0");
      assertThat(metrics).contains("aoissl_resident_memory_bytes");
      assertThat(metrics).contains("jvm_memory_used_bytes");
    }
  }

  private static Mask decode(byte[] png, int classes) throws Exception {
    Path f = Files.createTempFile("labels", ".png");
    try {
      Files.write(f, png);
      return MaskCodec.read(f, LabelEncoding.BITS, org.aoissl.data.ClassSet.DEFAULT);
    } finally {
      Files.deleteIfExists(f);
    }
  }
}
