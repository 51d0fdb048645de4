package org.aoissl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.aoissl.data.ClassSet;
import org.aoissl.data.DatasetLayouts;
import org.aoissl.data.DatasetOptions;
import org.aoissl.data.LabelEncoding;
import org.aoissl.data.Mask;
import org.aoissl.data.MaskCodec;
import org.aoissl.data.Sample;
import org.aoissl.retrieval.BankFile;
import org.aoissl.serve.InspectionServer;
import org.aoissl.serve.Multipart;
import org.aoissl.serve.ServeConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service answers as {@code aoissl segment} does on the same bank and images; bad options exit 2. */
class ServeCommandTest {
  @TempDir static Path data;
  @TempDir Path dir;

  static Path ckpt;

  @BeforeAll
  static void prepare() {
    ckpt = TinyRun.prepare(data);
  }

  @Test
  void theServiceSegmentsAsTheCommandLineDoes() throws Exception {
    Path bank = dir.resolve("b.bank");
    CliRun build = CliRun.of("bank", "build", "--ckpt", ckpt.toString(), "--support",
        data.resolve("s/train").toString(), "--device", "d00", "--out", bank.toString());
    assertThat(build.code()).as(build.err()).isZero();
    Path test = data.resolve("s/test");
    Path out = dir.resolve("seg");
    CliRun seg = CliRun.of("segment", "--bank", bank.toString(), "--images", test.toString(), "--out",
        out.toString());
    assertThat(seg.code()).as(seg.err()).isZero();

    List<Sample> samples = DatasetLayouts.openAll(test, DatasetOptions.DEFAULT).stream()
        .flatMap(d -> d.samples().stream()).toList();
    assertThat(samples).isNotEmpty();
    HttpClient client = HttpClient.newHttpClient();
    try (InspectionServer s = InspectionServer.start(ServeConfig.of(Map.of("b", bank)), l -> { })) {
      for (Sample smp : samples) {
        Multipart body = new Multipart();
        for (Path f : smp.imageFiles()) {
          body.file("image", f);
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/v1/segment?bank=b"))
            .header("Content-Type", body.contentType()).header("Accept", "image/png")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())).build();
        HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        Path got = dir.resolve(smp.id() + ".png");
        Files.write(got, r.body());
        Mask served = MaskCodec.read(got, LabelEncoding.BITS, ClassSet.DEFAULT);
        Mask cli = MaskCodec.read(out.resolve("labels/" + smp.id() + ".png"), LabelEncoding.BITS, ClassSet.DEFAULT);
        assertThat(served).as(smp.id()).isEqualTo(cli);
      }
    }
  }

  @Test
  void theLoadBenchmarkFindsNoErrorAndNoTornRead() throws Exception {
    Path bank = dir.resolve("b.bank");
    assertThat(CliRun.of("bank", "build", "--ckpt", ckpt.toString(), "--support", data.resolve("s/train").toString(),
        "--device", "d00", "--out", bank.toString()).code()).isZero();
    int images = BankFile.read(bank).numImages();
    CliRun r = CliRun.of("bench", "serve", "--bank", bank.toString(), "--images", data.resolve("s/train").toString(),
        "--clients", "3", "--seconds", "4", "--adds", "2", "--queries", "2");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    // One row: 3 versions seen (the bank and two adds), and every answer checked against its version.
    assertThat(r.out()).containsPattern("\\| 0 \\| 0 \\| 2 \\| \\d+ \\| 3 \\| 0 of \\d+ \\|");
    assertThat(BankFile.read(bank).numImages()).as("the given bank is not changed").isEqualTo(images);
  }

  @Test
  void badOptionsAreOneLineAndExitTwo() throws Exception {
    CliRun noEquals = CliRun.of("serve", "--bank", "b.bank", "--port", "0");
    assertThat(noEquals.code()).isEqualTo(2);
    assertThat(noEquals.err()).contains("--bank must be NAME=FILE; got 'b.bank'");
    CliRun missing = CliRun.of("serve", "--bank", "b=" + dir.resolve("none.bank"), "--port", "0");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("none.bank");
    CliRun open = CliRun.of("serve", "--bank", "b=" + dir.resolve("none.bank"), "--host", "0.0.0.0");
    assertThat(open.code()).isEqualTo(2);
    assertThat(open.err()).contains("without a token file the service binds to 127.0.0.1 only");
    Path tokens = dir.resolve("tokens");
    Files.writeString(tokens, "abc read\n");
    CliRun shortToken = CliRun.of("serve", "--bank", "b=x.bank", "--token-file", tokens.toString());
    assertThat(shortToken.code()).isEqualTo(2);
    assertThat(shortToken.err()).contains("tokens: line 1: a token must have at least 16 characters");
  }
}
