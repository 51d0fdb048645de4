package org.aoissl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.aoissl.retrieval.BankFile;
import org.aoissl.retrieval.MemoryBank;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bank build --pixel-size / --intensity, and images of another pitch through segment and bank add. */
class BankScaleCommandsTest {
  @TempDir static Path data;
  @TempDir Path dir;

  static Path ckpt;

  @BeforeAll
  static void prepare() {
    ckpt = TinyRun.prepare(data);
  }

  private static List<Path> pngs(Path folder) throws Exception {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
    }
  }

  @Test
  void pitchAndIntensityTravelWithTheBank() throws Exception {
    Path bank = dir.resolve("b.bank");
    String train = data.resolve("s/train").toString();
    CliRun build = CliRun.of("bank", "build", "--ckpt", ckpt.toString(), "--support", train, "--device", "d00",
        "--pixel-size", "1.0", "--intensity", "stretch", "--out", bank.toString());
    assertThat(build.code()).as(build.err()).isZero();
    MemoryBank b = BankFile.read(bank);
    assertThat(b.config().pixelSize()).isEqualTo(1.0);
    assertThat(b.config().intensity()).isEqualTo("stretch");
    assertThat(CliRun.of("bank", "info", bank.toString()).out()).contains("intensity stretch, pixel size 1.0");

    // Test images declared at pitch 2 are segmented at the bank's pitch; masks keep the images' size.
    Path test = data.resolve("s/test");
    Path out = dir.resolve("p");
    CliRun seg = CliRun.of("segment", "--bank", bank.toString(), "--images", test.toString(), "--out", out.toString(),
        "--pixel-size", "2");
    assertThat(seg.code()).as(seg.err()).isZero();
    List<Path> labels = pngs(out.resolve("labels"));
    assertThat(labels).isNotEmpty();
    for (Path p : labels) {
      BufferedImage im = ImageIO.read(p.toFile());
      assertThat(im.getWidth()).as(p.toString()).isEqualTo(64);
      assertThat(im.getHeight()).as(p.toString()).isEqualTo(64);
    }

    int before = b.numImages();
    CliRun add = CliRun.of("bank", "add", bank.toString(), "--images", train, "--device", "d01", "--pixel-size",
        "0.5");
    assertThat(add.code()).as(add.err()).isZero();
    assertThat(BankFile.read(bank).numImages()).isGreaterThan(before);

    CliRun negative = CliRun.of("segment", "--bank", bank.toString(), "--images", test.toString(), "--out",
        dir.resolve("p2").toString(), "--pixel-size", "-1");
    assertThat(negative.code()).isEqualTo(2);
    assertThat(negative.err()).contains("--pixel-size must be > 0");

    Path plain = dir.resolve("plain.bank");
    assertThat(CliRun.of("bank", "build", "--ckpt", ckpt.toString(), "--support", train, "--device", "d00", "--out",
        plain.toString()).code()).isZero();
    CliRun noPitch = CliRun.of("segment", "--bank", plain.toString(), "--images", test.toString(), "--out",
        dir.resolve("p3").toString(), "--pixel-size", "2");
    assertThat(noPitch.code()).isEqualTo(2);
    assertThat(noPitch.err()).contains("has no pixel size to resample to; build it with --pixel-size");
    assertThat(Files.exists(dir.resolve("p3"))).as("nothing half-written").isFalse();

    CliRun badIntensity = CliRun.of("bank", "build", "--ckpt", ckpt.toString(), "--support", train, "--out",
        dir.resolve("x.bank").toString(), "--intensity", "gamma");
    assertThat(badIntensity.code()).isEqualTo(2);
    assertThat(badIntensity.err()).contains("--intensity must be none or stretch");
  }
}
