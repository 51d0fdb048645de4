package org.aoissl.serve;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aoissl.data.AoiImage;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Example;
import org.aoissl.data.ImageCodec;
import org.aoissl.data.LabelEncoding;
import org.aoissl.data.MaskCodec;
import org.aoissl.data.Normalization;
import org.aoissl.data.Sample;
import org.aoissl.model.VisionTransformer;
import org.aoissl.model.VitConfig;
import org.aoissl.pretrain.PretrainCheckpoint;
import org.aoissl.pretrain.PretrainConfig;
import org.aoissl.pretrain.PretrainState;
import org.aoissl.pretrain.mae.MaeConfig;
import org.aoissl.retrieval.BankBuilder;
import org.aoissl.retrieval.BankConfig;
import org.aoissl.retrieval.BankEncoder;
import org.aoissl.retrieval.BankFile;
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.PatchEncoder;
import org.aoissl.synth.DeviceSpec;
import org.aoissl.synth.SceneGenerator;
import org.aoissl.synth.SynthSample;

/**
 * A served bank for the tests: a micro ViT checkpoint (seeded, untrained), a bank of 3 synthetic 64²
 * two-channel images of one device, and further images of it written as files a client uploads.
 */
final class ServeFixture {
  static final Normalization NORM = new Normalization(new float[] {0.4f, 0.5f}, new float[] {0.2f, 0.25f});

  private ServeFixture() {}

  /** Writes {@code dir/m.ckpt} and {@code dir/b.bank}; returns the bank file. */
  static Path bank(Path dir) throws IOException {
    Path ckpt = dir.resolve("m.ckpt");
    try (NDManager m = NDManager.newBaseManager()) {
      VisionTransformer vit = VisionTransformer.create(VitConfig.preset("micro", 64, 2), m, 7);
      PretrainState st = new PretrainState("mae", vit.config(), MaeConfig.defaults(vit.config()),
          PretrainConfig.mae("micro", 64, 4, 0, 1, 0, 1), 1, 1, NORM.mean(), NORM.std(), Map.of());
      PretrainCheckpoint.save(ckpt, st, vit.params(), null);
    }
    List<Example> support = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      support.add(example("s" + i, i));
    }
    Path bank = dir.resolve("b.bank");
    try (PatchEncoder enc = PatchEncoder.open(ckpt)) {
      MemoryBank b = BankBuilder.build(enc, support, ClassSet.DEFAULT, BankConfig.DEFAULT, n -> { });
      b.putProvenance(BankEncoder.CHECKPOINT, ckpt.toAbsolutePath().toString());
      BankFile.write(bank, b);
    }
    return bank;
  }

  /** Synthetic image {@code i} of the fixture's device. */
  static Example example(String id, int i) {
    SynthSample s = new SceneGenerator().render(DeviceSpec.sample("devA", 3, 64), 300 + i);
    return new Example(new Sample(id, "devA", List.of(Path.of(id + ".tif")), null), s.image(), s.mask());
  }

  /** Writes image {@code i} as one two-page TIFF and its bit-packed label PNG; returns {tiff, png}. */
  static Path[] files(Path dir, String id, int i) throws IOException {
    Example e = example(id, i);
    Files.createDirectories(dir);
    Path tif = dir.resolve(id + ".tif");
    Path png = dir.resolve(id + "_label.png");
    ImageCodec.writeTiff(tif, e.image());
    MaskCodec.write(png, e.mask(), LabelEncoding.BITS);
    return new Path[] {tif, png};
  }

  /** Writes each channel of image {@code i} as its own PNG. */
  static List<Path> channelPngs(Path dir, String id, int i) throws IOException {
    AoiImage img = example(id, i).image();
    List<Path> out = new ArrayList<>();
    for (int c = 0; c < img.channels(); c++) {
      Path p = dir.resolve(id + "_buffer" + c + ".png");
      ImageCodec.writePng(p, img, c);
      out.add(p);
    }
    return out;
  }
}
