package org.aoissl.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.aoissl.data.ClassSet;
import org.aoissl.data.LabelEncoding;
import org.aoissl.data.Mask;
import org.aoissl.data.MaskCodec;
import org.aoissl.inspect.MaskSummary;
import org.aoissl.io.FormatUtil;
import org.aoissl.model.FeatureFile;
import org.aoissl.retrieval.BankFile;
import org.aoissl.retrieval.MemoryBank;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark jobs on local masters against the single-machine command line on the same tiny synthetic
 * set (2 devices of 5 labeled 64² images and 8 unlabeled ones, a micro encoder pre-trained 3 steps):
 * masks byte for byte, result rows against the CLI's masks, features float for float, and a bank from
 * Spark features against {@code bank build}.
 */
class SparkJobsTest {
  @TempDir static Path data;
  @TempDir Path dir;

  static Path ckpt;
  static Path bank;
  static Path cliSegmented;
  static Path cliFeatures;

  @BeforeAll
  static void prepare() throws Exception {
    Path s = data.resolve("s");
    Fixture.cli("synth", "--out", s.toString(), "--devices", "2", "--per-device", "5", "--unlabeled", "8",
        "--size", "64", "--seed", "4", "--threads", "1");
    ckpt = data.resolve("m.ckpt");
    Fixture.cli("pretrain", "--data", s.toString(), "--out", ckpt.toString(), "--model", "micro", "--image-size",
        "32", "--batch", "4", "--seed", "5", "--steps", "3");
    bank = data.resolve("b.bank");
    Fixture.cli("bank", "build", "--ckpt", ckpt.toString(), "--support", train().toString(), "--out",
        bank.toString());
    cliSegmented = data.resolve("cli-seg");
    // One neighbour voting with its label block: masks with every class in them, even from a 3-step encoder.
    Fixture.cli("segment", "--bank", bank.toString(), "--images", s.toString(), "--out", cliSegmented.toString(),
        "--k", "1", "--blocks");
    cliFeatures = data.resolve("cli.features");
    Fixture.cli("embed", "--ckpt", ckpt.toString(), "--data", train().toString(), "--out", cliFeatures.toString());
  }

  private static Path train() {
    return data.resolve("s/train");
  }

  @Test
  void segmentWritesTheCommandLinesMasksAndOneRowPerImage() throws Exception {
    Path out = dir.resolve("seg [1]"); // characters a URI encodes
    Fixture.Run r = Fixture.spark("segment", "--master", "local[2]", "--bank", bank.toString(), "--images",
        data.resolve("s").toString(), "--out", out.toString(), "--images-per-task", "4", "--k", "1", "--blocks");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("segmented 18 images (0 with errors) in 5 tasks");
    assertSameFiles(out, Fixture.predictionFiles(cliSegmented));
    assertThat(out.resolve("_staging")).doesNotExist();

    List<Row> rows = Fixture.rows(out.resolve("results"));
    assertThat(rows).hasSize(18);
    assertThat(rows.stream().map(x -> x.getString(0)).distinct()).hasSize(18);
    MemoryBank b = BankFile.read(bank);
    ClassSet classes = b.classes();
    String crc = FormatUtil.checksum(bank);
    for (Row row : rows) {
      String id = row.getAs("id");
      assertThat((String) row.getAs("error")).as(id).isNull();
      assertThat((String) row.getAs("bank_crc")).isEqualTo(crc);
      assertThat((int) row.getAs("bank_format")).isEqualTo(BankFile.VERSION);
      assertThat((String) row.getAs("device")).isEqualTo(id.substring(0, id.indexOf('_')));
      assertThat((double) row.getAs("encode_ms")).isPositive();
      // The counts are those of the mask the command line wrote for this image.
      Mask m = MaskCodec.read(cliSegmented.resolve("labels/" + id + ".png"), LabelEncoding.BITS, classes);
      assertThat((int) row.getAs("height")).isEqualTo(m.height());
      for (MaskSummary.ClassSummary c : MaskSummary.of(m, classes)) {
        assertThat((long) row.getAs(SegmentRows.pixels(c.name()))).as(id + " " + c.name()).isEqualTo(c.pixels());
        assertThat((int) row.getAs(SegmentRows.components(c.name()))).as(id + " " + c.name())
            .isEqualTo(c.components());
      }
    }
    for (String c : classes.names()) {
      assertThat(rows.stream().mapToLong(x -> x.getAs(SegmentRows.pixels(c))).sum()).as(c).isPositive();
    }
  }

  @Test
  void aTaskFailingMidPartitionIsRetriedAndLeavesOneRowAndOneFilePerImage() throws Exception {
    Path out = dir.resolve("seg");
    int before = SegmentPartition.HOOK_FAILURES.get();
    System.setProperty(SparkSegmentCommand.FAIL_FIRST_ATTEMPTS, "true");
    Fixture.Run r;
    try {
      // local[2,2]: two task threads, and a failed task is tried twice.
      r = Fixture.spark("segment", "--master", "local[2,2]", "--bank", bank.toString(), "--images",
          data.resolve("s").toString(), "--out", out.toString(), "--images-per-task", "4", "--k", "1", "--blocks");
    } finally {
      System.clearProperty(SparkSegmentCommand.FAIL_FIRST_ATTEMPTS);
    }
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    // Every one of the 5 tasks failed once, after publishing its first image's files.
    assertThat(SegmentPartition.HOOK_FAILURES.get() - before).isEqualTo(5);
    assertSameFiles(out, Fixture.predictionFiles(cliSegmented));
    assertThat(out.resolve("_staging")).doesNotExist();
    List<Row> rows = Fixture.rows(out.resolve("results"));
    assertThat(rows).hasSize(18);
    assertThat(rows.stream().map(x -> x.getString(0)).distinct()).hasSize(18);
    assertThat(rows).allSatisfy(x -> assertThat((String) x.getAs("error")).isNull());
  }

  @Test
  void aCorruptImageFailsItsOwnRowAndTheOthersAreSegmented() throws Exception {
    Path images = dir.resolve("bad");
    Fixture.copyTree(train(), images);
    Path broken;
    try (Stream<Path> s = Files.list(images.resolve("image"))) {
      broken = s.filter(p -> p.getFileName().toString().endsWith("_buffer0.png")).sorted().toList().get(1);
    }
    Files.write(broken, new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
    String badId = broken.getFileName().toString().replace("_buffer0.png", "");

    Path out = dir.resolve("seg");
    Fixture.Run r = Fixture.spark("segment", "--master", "local[2]", "--bank", bank.toString(), "--images",
        images.toString(), "--out", out.toString(), "--images-per-task", "2", "--k", "1", "--blocks");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("segmented 6 images (1 with errors)");
    List<Row> rows = Fixture.rows(out.resolve("results"));
    assertThat(rows).hasSize(6);
    for (Row row : rows) {
      String error = row.getAs("error");
      if (row.getAs("id").equals(badId)) {
        assertThat(error).contains(broken.getFileName().toString()).doesNotContain("\n");
        assertThat(row.isNullAt(row.fieldIndex(SegmentRows.pixels("wire")))).isTrue();
      } else {
        assertThat(error).isNull();
      }
    }
    // The good images' files are the command line's; the bad one has none.
    List<String> good = rows.stream().map(x -> (String) x.getAs("id")).filter(id -> !id.equals(badId)).toList();
    Map<String, byte[]> expected = new TreeMap<>(Fixture.predictionFiles(cliSegmented));
    expected.keySet().removeIf(k -> good.stream().noneMatch(id -> isFileOf(k, id)));
    assertSameFiles(out, expected);

    // With an inverted file several images share one search, in groups that differ between the command line
    // (the six good images at once) and the tasks (three per task, the bad one dropped from its group); a
    // query's neighbours do not depend on the others searched with it, so every file is the same.
    Path cliIvf = dir.resolve("cli-ivf");
    Fixture.cli("segment", "--bank", bank.toString(), "--images", train().toString(), "--out", cliIvf.toString(),
        "--k", "1", "--blocks", "--index", "ivf");
    Path outIvf = dir.resolve("seg-ivf");
    Fixture.Run ri = Fixture.spark("segment", "--master", "local[2]", "--bank", bank.toString(), "--images",
        images.toString(), "--out", outIvf.toString(), "--images-per-task", "3", "--k", "1", "--blocks", "--index",
        "ivf");
    assertThat(ri.code()).as(ri.err()).isZero();
    assertThat(ri.out()).contains("segmented 6 images (1 with errors)");
    Map<String, byte[]> expectedIvf = new TreeMap<>(Fixture.predictionFiles(cliIvf));
    expectedIvf.keySet().removeIf(k -> good.stream().noneMatch(id -> isFileOf(k, id)));
    assertThat(expectedIvf).hasSize(expected.size());
    assertSameFiles(outIvf, expectedIvf);

    Path features = dir.resolve("features");
    Fixture.Run e = Fixture.spark("embed", "--master", "local[2]", "--ckpt", ckpt.toString(), "--images",
        images.toString(), "--out", features.toString());
    assertThat(e.code()).as(e.err()).isZero();
    assertThat(e.out()).contains("wrote features of 6 images (1 with errors");
    assertThat(Fixture.rows(features)).filteredOn(x -> x.getAs("error") != null).singleElement()
        .satisfies(x -> assertThat((String) x.getAs("id")).isEqualTo(badId));
  }

  @Test
  void embedWritesTheCommandLinesFeatures() throws Exception {
    Path features = dir.resolve("features");
    Fixture.Run r = Fixture.spark("embed", "--master", "local[2]", "--ckpt", ckpt.toString(), "--images",
        train().toString(), "--out", features.toString(), "--images-per-task", "2");
    assertThat(r.code()).as(r.err()).isZero();
    FeatureFile.Contents cli = FeatureFile.read(cliFeatures);
    List<Row> rows = Fixture.rows(features);
    assertThat(rows).hasSize(cli.entries().size());
    Map<String, Row> byId = new HashMap<>();
    rows.forEach(x -> byId.put(x.getAs("id"), x));
    for (FeatureFile.Entry want : cli.entries()) {
      Row row = byId.get(want.id());
      assertThat((String) row.getAs("encoder")).isEqualTo(cli.encoder());
      assertThat((int) row.getAs("dim")).isEqualTo(cli.dim());
      FeatureFile.Entry got = FeatureRows.entry(row);
      assertThat(got.device()).isEqualTo(want.device());
      assertThat(got.gridH()).isEqualTo(want.gridH());
      assertThat(got.gridW()).isEqualTo(want.gridW());
      assertThat(got.cls()).as(want.id()).isEqualTo(want.cls());
      assertThat(got.patches()).as(want.id()).isEqualTo(want.patches());
    }
  }

  @Test
  void aBankFromSparkFeaturesEqualsBankBuild() throws Exception {
    Path features = dir.resolve("features");
    Fixture.Run e = Fixture.spark("embed", "--master", "local[2]", "--ckpt", ckpt.toString(), "--images",
        data.resolve("s").toString(), "--out", features.toString());
    assertThat(e.code()).as(e.err()).isZero();

    Path fromFeatures = dir.resolve("f.bank");
    Fixture.Run b = Fixture.spark("bank", "build", "--master", "local[1]", "--features", features.toString(),
        "--ckpt", ckpt.toString(), "--support", train().toString(), "--out", fromFeatures.toString());
    assertThat(b.code()).as(b.err()).isZero();
    assertSameBank(fromFeatures, bank);

    // A per-image cap samples patches: the same ones both ways.
    Path capped = dir.resolve("c.bank");
    Fixture.cli("bank", "build", "--ckpt", ckpt.toString(), "--support", train().toString(), "--out",
        capped.toString(), "--max-per-image", "20", "--seed", "3");
    Path cappedFromFeatures = dir.resolve("cf.bank");
    Fixture.Run c = Fixture.spark("bank", "build", "--features", features.toString(), "--ckpt", ckpt.toString(),
        "--support", train().toString(), "--out", cappedFromFeatures.toString(), "--max-per-image", "20", "--seed",
        "3");
    assertThat(c.code()).as(c.err()).isZero();
    assertSameBank(cappedFromFeatures, capped);
  }

  @Test
  void onAnotherFileSystemTheJobReadsAndWritesThroughHadoop() throws Exception {
    Path out = dir.resolve("seg");
    System.setProperty("spark.hadoop.fs." + ElsewhereFileSystem.SCHEME + ".impl", ElsewhereFileSystem.class.getName());
    Fixture.Run r;
    try {
      r = Fixture.spark("segment", "--master", "local[2]", "--bank", ElsewhereFileSystem.uri(bank), "--ckpt",
          ElsewhereFileSystem.uri(ckpt), "--images", ElsewhereFileSystem.uri(train()), "--out",
          ElsewhereFileSystem.uri(out), "--images-per-task", "4", "--k", "1", "--blocks");
    } finally {
      System.clearProperty("spark.hadoop.fs." + ElsewhereFileSystem.SCHEME + ".impl");
    }
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("segmented 6 images (0 with errors)");
    List<Row> rows = Fixture.rows(out.resolve("results"));
    assertThat(rows).hasSize(6).allSatisfy(x -> {
      assertThat((String) x.getAs("error")).isNull();
      assertThat((String) x.getAs("image")).startsWith(ElsewhereFileSystem.SCHEME + ":/");
    });
    List<String> ids = rows.stream().map(x -> (String) x.getAs("id")).toList();
    Map<String, byte[]> expected = new TreeMap<>(Fixture.predictionFiles(cliSegmented));
    expected.keySet().removeIf(k -> ids.stream().noneMatch(id -> isFileOf(k, id)));
    assertSameFiles(out, expected);
  }

  @Test
  void badInputIsOneLineNamingTheFile() {
    Path missing = dir.resolve("none.bank");
    Fixture.Run r = Fixture.spark("segment", "--master", "local[1]", "--bank", missing.toString(), "--images",
        train().toString(), "--out", dir.resolve("o").toString());
    assertThat(r.code()).isEqualTo(SparkMain.BAD_INPUT);
    assertThat(r.err().strip()).startsWith("error: ").contains(missing.toString()).doesNotContain("\n");

    Fixture.Run a = Fixture.spark("bank", "build", "--features", dir.toString(), "--ckpt", ckpt.toString(),
        "--support", train().toString(), "--out", dir.resolve("x.bank").toString(), "--augment", "2");
    assertThat(a.code()).isEqualTo(SparkMain.BAD_INPUT);
    assertThat(a.err()).contains("--augment must be 0 with --features");
  }

  /** Whether a prediction file belongs to an image: {@code ID.png} or {@code ID_CLASS.png}. */
  private static boolean isFileOf(String path, String id) {
    String name = Path.of(path).getFileName().toString();
    return name.equals(id + ".png") || name.startsWith(id + "_");
  }

  /** Both banks byte for byte, once their creation times are set equal. */
  private void assertSameBank(Path actual, Path expected) throws Exception {
    MemoryBank a = BankFile.read(actual);
    MemoryBank b = BankFile.read(expected);
    assertThat(a.size()).isPositive().isEqualTo(b.size());
    a.putProvenance("created", "-");
    b.putProvenance("created", "-");
    Path pa = dir.resolve("a.cmp");
    Path pb = dir.resolve("b.cmp");
    BankFile.write(pa, a);
    BankFile.write(pb, b);
    assertThat(Files.readAllBytes(pa)).isEqualTo(Files.readAllBytes(pb));
    Files.delete(pa);
    Files.delete(pb);
  }

  /** The prediction files under {@code out} are exactly {@code expected}, byte for byte. */
  private static void assertSameFiles(Path out, Map<String, byte[]> expected) throws Exception {
    Map<String, byte[]> got = Fixture.predictionFiles(out);
    assertThat(got.keySet()).containsExactlyElementsOf(expected.keySet());
    for (String k : expected.keySet()) {
      assertThat(got.get(k)).as(k).isEqualTo(expected.get(k));
    }
  }
}
