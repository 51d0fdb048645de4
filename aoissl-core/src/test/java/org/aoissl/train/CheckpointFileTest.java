package org.aoissl.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.aoissl.io.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFileTest {
  @TempDir Path dir;

  private static CheckpointFile.Contents sample(int n) {
    SplittableRandom r = new SplittableRandom(5);
    float[] big = new float[n];
    for (int i = 0; i < n; i++) {
      big[i] = (float) r.nextGaussian();
    }
    Map<String, NamedTensor> t = new LinkedHashMap<>();
    t.put("model/w", new NamedTensor("model/w", new long[] {n / 4, 4}, big));
    t.put("model/cls_token", new NamedTensor("model/cls_token", new long[] {1, 1, 2}, new float[] {1.5f, -0f}));
    t.put("scalar", new NamedTensor("scalar", new long[] {}, new float[] {Float.MIN_VALUE}));
    return new CheckpointFile.Contents("{\"step\": 7, \"name\": \"wïre\"}", t);
  }

  @Test
  void roundTripIsBitExact() throws IOException {
    CheckpointFile.Contents c = sample(70_000 * 4); // crosses the 64 Ki-value chunking
    Path f = dir.resolve("a.ckpt");
    CheckpointFile.write(f, c);
    CheckpointFile.Contents back = CheckpointFile.read(f);
    assertThat(back.metadataJson()).isEqualTo(c.metadataJson());
    assertThat(back.tensors()).isEqualTo(c.tensors());
    assertThat(back.tensors().keySet()).containsExactly("model/w", "model/cls_token", "scalar");
  }

  @Test
  void anyCorruptionOrTruncationIsRefused() throws IOException {
    Path f = dir.resolve("b.ckpt");
    CheckpointFile.write(f, sample(8));
    byte[] good = Files.readAllBytes(f);
    for (int i = 0; i < good.length; i++) {
      byte[] bad = good.clone();
      bad[i] ^= 0x10;
      Files.write(f, bad);
      int pos = i;
      assertThatThrownBy(() -> CheckpointFile.read(f)).as("byte %d", pos).isInstanceOf(BadInputException.class);
    }
    for (int len = 0; len < good.length; len += 3) {
      Files.write(f, java.util.Arrays.copyOf(good, len));
      assertThatThrownBy(() -> CheckpointFile.read(f)).isInstanceOf(BadInputException.class);
    }
  }
}
