package org.aoissl.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.zip.CRC32;
import org.aoissl.data.ImageCodec;
import org.aoissl.data.Mask;
import org.aoissl.data.MaskCodec;
import org.aoissl.data.LabelEncoding;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authentication, limits and bad input: each refused with its status and one line, the server unharmed. */
class ServiceRefusalsTest {
  static final String READ = "read-token-0123456789";
  static final String WRITE = "write-token-0123456789";

  @TempDir Path dir;
  Path bank;
  byte[] tiff;

  @BeforeEach
  void prepare() throws Exception {
    bank = ServeFixture.bank(dir);
    tiff = Files.readAllBytes(ServeFixture.files(dir.resolve("q"), "q1", 10)[0]);
  }

  @Test
  void tokensDecideWhoMayReadAndWhoMayChange() throws Exception {
    ServeConfig cfg = ServeConfig.of(Map.of("b", bank)).withTokens(AccessTokens.of(READ, WRITE), "127.0.0.1");
    try (InspectionServer s = InspectionServer.start(cfg, l -> { })) {
      Http anon = new Http(s.port());
      HttpResponse<byte[]> none = anon.get("/v1/banks");
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
      assertThat(anon.as("wrong-token-0123456789").get("/v1/banks").statusCode()).isEqualTo(401);
      assertThat(anon.get("/health").statusCode()).as("health needs no token").isEqualTo(200);

      Http reader = anon.as(READ);
      assertThat(reader.post("/v1/segment?bank=b", tiff, "image/tiff").statusCode()).isEqualTo(200);
      Path[] t = ServeFixture.files(dir.resolve("t"), "t1", 20);
      List<Map.Entry<String, Path>> files = List.of(Map.entry("image", t[0]), Map.entry("mask", t[1]));
      HttpResponse<byte[]> denied = reader.multipart("/v1/banks/b/images", files, Map.of("id", "t1"));
      assertThat(denied.statusCode()).isEqualTo(403);
      assertThat(Http.json(denied).path("error").asText()).contains("write scope");
      assertThat(reader.post("/v1/banks/b/revert", new byte[0], "text/plain").statusCode()).isEqualTo(403);

      HttpResponse<byte[]> added = anon.as(WRITE).multipart("/v1/banks/b/images", files, Map.of("id", "t1"));
      assertThat(added.statusCode()).as(Http.text(added)).isEqualTo(201);
      assertThat(Http.json(added).path("by").asText()).isEqualTo("writer");
    }
  }

  @Test
  void aTokenFileIsReadAndWithoutOneOnlyLoopbackIsAllowed() throws Exception {
    Path f = dir.resolve("tokens");
    Files.writeString(f, "# who may call\n" + READ + " read line\n\n" + WRITE + " write anna\n");
    AccessTokens t = AccessTokens.read(f);
    assertThat(t.authenticate("Bearer " + WRITE)).isEqualTo(new AccessTokens.Caller("anna", true));
    assertThat(t.authenticate("Bearer " + READ)).isEqualTo(new AccessTokens.Caller("line", false));
    assertThat(t.authenticate("Bearer " + READ + "x")).isNull();
    assertThat(t.authenticate(null)).isNull();
    Files.writeString(f, "short write\n");
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> AccessTokens.read(f)))
        .hasMessageContaining("line 1: a token must have at least 16 characters");
    assertThat(org.assertj.core.api.Assertions.catchThrowable(
        () -> ServeConfig.of(Map.of("b", bank)).withTokens(null, "0.0.0.0")))
        .hasMessageContaining("without a token file the service binds to 127.0.0.1 only");
  }

  @Test
  void limitsAreCheckedBeforeWorkIsDone() throws Exception {
    // 64² two-channel images are 8,192 pixels; the pixel limit sits just below that.
    ServeConfig cfg = ServeConfig.of(Map.of("b", bank)).withLimits(1, 0, 40_000, 8_191, 30);
    try (InspectionServer s = InspectionServer.start(cfg, l -> { })) {
      Http http = new Http(s.port());
      HttpResponse<byte[]> big = http.post("/v1/segment?bank=b", new byte[50_000], "image/tiff");
      assertThat(big.statusCode()).isEqualTo(413);
      HttpResponse<byte[]> pixels = http.post("/v1/segment?bank=b", tiff, "image/tiff");
      assertThat(pixels.statusCode()).isEqualTo(413);
      assertThat(Http.json(pixels).path("error").asText()).contains("8192 pixels").contains("limit is 8191");
      HttpResponse<byte[]> bomb = http.post("/v1/segment?bank=b", pngHeader(60_000, 60_000), "image/png");
      assertThat(bomb.statusCode()).as(Http.text(bomb)).isEqualTo(413);
      assertThat(Http.json(bomb).path("error").asText()).contains("3600000000 pixels");
      assertThat(http.get("/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aFullQueueIsAnsweredBusyAndTheNextRequestIsServed() throws Exception {
    ServeConfig cfg = ServeConfig.of(Map.of("b", bank)).withLimits(1, 0, 64L << 20, 1L << 24, 30);
    try (InspectionServer s = InspectionServer.start(cfg, l -> { })) {
      Http http = new Http(s.port());
      CountDownLatch running = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      // Occupy the only worker; the queue holds nothing.
      s.pool().submit(() -> {
        running.countDown();
        release.await();
        return null;
      });
      running.await();
      HttpResponse<byte[]> busy = http.post("/v1/segment?bank=b", tiff, "image/tiff");
      assertThat(busy.statusCode()).isEqualTo(503);
      assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
      release.countDown();
      // The worker may take a moment to come free.
      HttpResponse<byte[]> ok = http.post("/v1/segment?bank=b", tiff, "image/tiff");
      for (int i = 0; i < 50 && ok.statusCode() == 503; i++) {
        Thread.sleep(100);
        ok = http.post("/v1/segment?bank=b", tiff, "image/tiff");
      }
      assertThat(ok.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aRequestNotAnsweredInTimeIsAnsweredBusy() throws Exception {
    ServeConfig cfg = ServeConfig.of(Map.of("b", bank)).withLimits(1, 1, 64L << 20, 1L << 24, 1);
    try (InspectionServer s = InspectionServer.start(cfg, l -> { })) {
      CountDownLatch running = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      s.pool().submit(() -> {
        running.countDown();
        release.await();
        return null;
      });
      running.await();
      // The request waits in the queue behind the blocked worker for longer than the 1 s timeout.
      HttpResponse<byte[]> late = new Http(s.port()).post("/v1/segment?bank=b", tiff, "image/tiff");
      release.countDown();
      assertThat(late.statusCode()).isEqualTo(503);
      assertThat(Http.json(late).path("error").asText()).contains("not answered within 1 s");
      assertThat(late.headers().firstValue("Retry-After")).hasValue("1");
    }
  }

  @Test
  void badInputGetsOneLineAndTheServerKeepsAnswering() throws Exception {
    try (InspectionServer s = InspectionServer.start(ServeConfig.of(Map.of("b", bank)), l -> { })) {
      Http http = new Http(s.port());
      expect(http.post("/v1/segment?bank=b", Arrays.copyOf(tiff, tiff.length / 3), "image/tiff"), 400, "");
      expect(http.post("/v1/segment?bank=b", "hello".getBytes(StandardCharsets.UTF_8), "image/png"), 400, "");
      expect(http.post("/v1/segment?bank=b", tiff, "text/plain"), 415, "not a PNG, TIFF, JPEG or BMP");
      expect(http.post("/v1/segment?bank=nope", tiff, "image/tiff"), 404, "no bank 'nope' is served (served: b)");
      expect(http.post("/v1/segment", tiff, "image/tiff"), 400, "name the bank");
      expect(http.post("/v1/segment?bank=b&k=abc", tiff, "image/tiff"), 400, "");
      expect(http.post("/v1/segment?bank=b&method=magic", tiff, "image/tiff"), 400, "method must be one of");
      expect(http.post("/v1/segment?bank=b&refiner=on", tiff, "image/tiff"), 400, "has no refiner");

      Path one = ServeFixture.channelPngs(dir.resolve("c"), "c1", 10).get(0);
      expect(http.post("/v1/segment?bank=b", Files.readAllBytes(one), "image/png"), 400,
          "the image has 1 channels; bank 'b' takes 2");

      Path[] t = ServeFixture.files(dir.resolve("t"), "t1", 20);
      Path small = dir.resolve("small.png");
      MaskCodec.write(small, new Mask(4, 32, 32), LabelEncoding.BITS);
      expect(http.multipart("/v1/banks/b/images", List.of(Map.entry("image", t[0]), Map.entry("mask", small)),
          Map.of("id", "t1")), 400, "small.png: mask 32x32 does not match the 64x64 image");
      expect(http.multipart("/v1/banks/b/images", List.of(Map.entry("image", t[0])), Map.of("id", "t1")), 400,
          "no 'mask' part");
      Path colours = dir.resolve("colours.png");
      ImageCodec.writeLabels(colours, 64, 64, new int[64 * 64]);
      Files.write(colours, Arrays.copyOf(Files.readAllBytes(colours), 30));
      expect(http.multipart("/v1/banks/b/images", List.of(Map.entry("image", t[0]), Map.entry("mask", colours)),
          Map.of("id", "t1")), 400, "");
      expect(http.multipart("/v1/banks/b/images", List.of(Map.entry("image", t[0]), Map.entry("mask", t[1])),
          Map.of("id", "../evil")), 400, "must be letters, digits");
      expect(http.multipart("/v1/banks/zzz/images", List.of(Map.entry("image", t[0]), Map.entry("mask", t[1])),
          Map.of()), 404, "no bank 'zzz'");

      assertThat(http.get("/health").statusCode()).isEqualTo(200);
      assertThat(Http.json(http.get("/v1/banks/b")).path("version").asInt()).as("no bad input changed the bank")
          .isEqualTo(1);
      assertThat(http.post("/v1/segment?bank=b", tiff, "image/tiff").statusCode()).isEqualTo(200);
    }
  }

  private static void expect(HttpResponse<byte[]> r, int status, String reason) throws Exception {
    String body = Http.text(r);
    assertThat(r.statusCode()).as(body).isEqualTo(status);
    String error = Http.json(r).path("error").asText();
    assertThat(error).as(body).isNotBlank().contains(reason).doesNotContain("\n");
    assertThat(error).as("names no temporary file").doesNotContain("aoissl-upload");
  }

  /** A PNG whose header claims {@code w × h} 8-bit gray pixels, followed by almost no data. */
  private static byte[] pngHeader(int w, int h) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(b);
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(ihdr);
    d.writeBytes("IHDR");
    d.writeInt(w);
    d.writeInt(h);
    d.write(new byte[] {8, 0, 0, 0, 0});
    byte[] chunk = ihdr.toByteArray();
    out.writeInt(13);
    out.write(chunk);
    CRC32 crc = new CRC32();
    crc.update(chunk);
    out.writeInt((int) crc.getValue());
    out.writeInt(0);
    out.writeBytes("IEND");
    CRC32 end = new CRC32();
    end.update("IEND".getBytes(StandardCharsets.US_ASCII));
    out.writeInt((int) end.getValue());
    return b.toByteArray();
  }
}
