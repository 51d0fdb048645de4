package org.aoissl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.aoissl.io.BadInputException;
import org.aoissl.io.CorruptFileException;
import org.aoissl.io.TruncatedFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
  @TempDir Path dir;

  /** A file from a hand-written header and raw data bytes. */
  private Path raw(String header, byte[] data) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
    out.write(h);
    out.write(data);
    Path f = dir.resolve("hand.safetensors");
    Files.write(f, out.toByteArray());
    return f;
  }

  private static byte[] shorts(int... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      b.putShort((short) v);
    }
    return b.array();
  }

  @Test
  void readsHandWrittenHalfAndBfloat16Values() throws IOException {
    // F16: 1, -2, 65504 (largest), 2^-24 (smallest subnormal), 1023·2^-24 (largest subnormal), 2^-14,
    // 1365/4096 (nearest to 1/3), +inf, -inf, -0. BF16: 1, -3, 0.333984375, 2^-133 (subnormal).
    byte[] f16 = shorts(0x3C00, 0xC000, 0x7BFF, 0x0001, 0x03FF, 0x0400, 0x3555, 0x7C00, 0xFC00, 0x8000);
    byte[] bf16 = shorts(0x3F80, 0xC040, 0x3EAB, 0x0001);
    byte[] nan = shorts(0x7E00);
    byte[] data = ByteBuffer.allocate(f16.length + bf16.length + nan.length).put(f16).put(bf16).put(nan).array();
    Path f = raw("{\"h\":{\"dtype\":\"F16\",\"shape\":[2,5],\"data_offsets\":[0,20]},"
        + "\"b\":{\"dtype\":\"BF16\",\"shape\":[4],\"data_offsets\":[20,28]},"
        + "\"n\":{\"dtype\":\"F16\",\"shape\":[],\"data_offsets\":[28,30]}}", data);
    try (Safetensors st = Safetensors.open(f)) {
      assertThat(st.entries().keySet()).containsExactly("h", "b", "n");
      assertThat(st.entry("h").shape()).containsExactly(2, 5);
      assertThat(st.read("h")).containsExactly(1f, -2f, 65504f, 0x1p-24f, 1023 * 0x1p-24f, 0x1p-14f,
          1365f / 4096f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f);
      assertThat(Float.floatToRawIntBits(st.read("h")[9])).isEqualTo(0x80000000);
      assertThat(st.read("b")).containsExactly(1f, -3f, 0.333984375f, 0x1p-133f);
      assertThat(st.read("n")).hasSize(1);
      assertThat(Float.isNaN(st.read("n")[0])).isTrue();
      assertThat(st.metadata()).isEmpty();
    }
  }

  @Test
  void encodesHalfAndBfloat16RoundingToNearestEven() {
    assertThat(Safetensors.floatToHalf(1f / 3)).isEqualTo((short) 0x3555);
    assertThat(Safetensors.floatToHalf(1 + 0x1p-11f)).isEqualTo((short) 0x3C00); // tie, even stays
    assertThat(Safetensors.floatToHalf(1 + 3 * 0x1p-11f)).isEqualTo((short) 0x3C02); // tie, odd rounds up
    assertThat(Safetensors.floatToHalf(65520f)).isEqualTo((short) 0x7C00); // rounds to infinity
    assertThat(Safetensors.floatToHalf(0x1p-25f)).isEqualTo((short) 0); // tie with 0
    assertThat(Safetensors.floatToHalf(1.5f * 0x1p-25f)).isEqualTo((short) 1);
    assertThat(Safetensors.floatToHalf(-1e-30f)).isEqualTo((short) 0x8000);
    assertThat(Safetensors.floatToBf16(1f / 3)).isEqualTo((short) 0x3EAB);
    assertThat(Safetensors.floatToBf16(1 + 0x1p-8f)).isEqualTo((short) 0x3F80);
    assertThat(Safetensors.floatToBf16(1 + 3 * 0x1p-8f)).isEqualTo((short) 0x3F82);
    // Every finite half and bfloat16 value survives decode + encode.
    for (int h = 0; h < 0x10000; h++) {
      float v = Safetensors.halfToFloat((short) h);
      if (!Float.isNaN(v)) {
        assertThat(Safetensors.floatToHalf(v) & 0xFFFF).as("half %04x", h).isEqualTo(h);
      }
      float b = Safetensors.bf16ToFloat((short) h);
      if (!Float.isNaN(b)) {
        assertThat(Safetensors.floatToBf16(b) & 0xFFFF).as("bf16 %04x", h).isEqualTo(h);
      }
    }
  }

  @Test
  void writeThenReadRoundTripsEveryFloatDtypeAndMetadata() throws IOException {
    float[] a = {0.1f, -2.5f, 3e-3f, 7f, 1e6f, -0f};
    float[] h = {1f, -2f, 0.5f, 1024f};
    float[] b = {1f, -3f, 0.15625f, 256f, -1e20f, 2f};
    Path f = dir.resolve("w.safetensors");
    Safetensors.write(f, Map.of("format", "pt"), List.of(
        new Safetensors.Tensor("a.weight", "F32", new long[] {2, 3}, a),
        new Safetensors.Tensor("h", "F16", new long[] {4}, h),
        new Safetensors.Tensor("b", "BF16", new long[] {1, 2, 3}, b)));
    assertThat((Files.size(f) - 44) % 8).isZero(); // header padded to 8 bytes; data 24 + 8 + 12 = 44 bytes
    try (Safetensors st = Safetensors.open(f)) {
      assertThat(st.metadata()).containsExactly(Map.entry("format", "pt"));
      assertThat(st.entries().keySet()).containsExactly("a.weight", "h", "b");
      assertThat(st.entry("b").dtype()).isEqualTo("BF16");
      assertThat(st.entry("b").shape()).containsExactly(1, 2, 3);
      assertThat(st.read("a.weight")).containsExactly(a);
      assertThat(st.read("h")).containsExactly(h);
      assertThat(st.read("b")).containsExactly(1f, -3f, 0.15625f, 256f, Safetensors.bf16ToFloat(
          Safetensors.floatToBf16(-1e20f)), 2f);
    }
  }

  @Test
  void refusesOtherDtypesOnReadingNamingFileAndTensor() throws IOException {
    Path f = raw("{\"idx\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]},"
        + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[16,20]}}", new byte[20]);
    try (Safetensors st = Safetensors.open(f)) {
      assertThat(st.read("w")).containsExactly(0f);
      assertThatThrownBy(() -> st.read("idx")).isInstanceOf(BadInputException.class)
          .hasMessage(f + ": tensor idx has dtype I64; only F32, F16, BF16 can be read");
      assertThatThrownBy(() -> st.read("nope")).hasMessage(f + ": has no tensor nope");
    }
  }

  @Test
  void rejectsBadFilesWithOneClearLine() throws IOException {
    String ok = "\"dtype\":\"F32\",\"shape\":[2]";
    expect(raw("{\"w\":{" + ok + ",\"data_offsets\":[0,8]}}", new byte[4]), TruncatedFileException.class,
        "truncated: tensor w needs data bytes [0, 8) but the file has only 4");
    expect(raw("{\"w\":{" + ok + ",\"data_offsets\":[0,12]}}", new byte[12]), CorruptFileException.class,
        "corrupt: tensor w has 12 bytes of data, but F32 [2] needs 8");
    expect(raw("{\"w\":{" + ok + ",\"data_offsets\":[8,0]}}", new byte[8]), CorruptFileException.class,
        "corrupt: tensor w has data_offsets [8, 0] that run backwards");
    expect(raw("{\"w\":{" + ok + ",\"data_offsets\":[-8,0]}}", new byte[8]), CorruptFileException.class,
        "corrupt: tensor w has a bad data offset -8");
    expect(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,-1],\"data_offsets\":[0,8]}}", new byte[8]),
        CorruptFileException.class, "corrupt: tensor w has a bad shape [2,-1]");
    expect(raw("{\"w\":{" + ok + "}}", new byte[8]), CorruptFileException.class,
        "corrupt: tensor w needs dtype, shape and data_offsets [begin, end]");
    expect(raw("{\"a\":{" + ok + ",\"data_offsets\":[0,8]},\"b\":{" + ok + ",\"data_offsets\":[4,12]}}",
        new byte[12]), CorruptFileException.class,
        "corrupt: tensors a and b overlap (bytes [0, 8) and [4, 12))");
    expect(raw("{\"w\":{" + ok + ",\"data_offsets\":[0,8]},\"w\":{" + ok + ",\"data_offsets\":[0,8]}}",
        new byte[8]), CorruptFileException.class, "corrupt: the header is not valid JSON (Duplicate field 'w')");
    expect(raw("{\"w\": [1, 2", new byte[0]), CorruptFileException.class, "corrupt: the header is not valid JSON");
    expect(raw("[1, 2]", new byte[0]), CorruptFileException.class,
        "not a safetensors file: the header does not start with '{'");
    expect(raw("{\"__metadata__\":{\"n\":1}}", new byte[0]), CorruptFileException.class,
        "corrupt: __metadata__ value n is not a string");

    Path tiny = dir.resolve("tiny.safetensors");
    Files.write(tiny, new byte[] {1, 2, 3});
    expect(tiny, TruncatedFileException.class, "truncated: 3 bytes, not even a safetensors header length");
    Path cut = dir.resolve("cut.safetensors");
    byte[] full = Files.readAllBytes(raw("{\"w\":{" + ok + ",\"data_offsets\":[0,8]}}", new byte[8]));
    Files.write(cut, java.util.Arrays.copyOf(full, 20));
    expect(cut, TruncatedFileException.class, "truncated: header length");
    Path zip = dir.resolve("model.pth");
    Files.write(zip, "PK\u0003\u0004 not safetensors at all".getBytes(StandardCharsets.ISO_8859_1));
    expect(zip, CorruptFileException.class, "not a safetensors file: header length");
    expect(dir.resolve("absent.safetensors"), BadInputException.class, "file not found");
  }

  private static void expect(Path f, Class<? extends BadInputException> type, String problem) {
    assertThatThrownBy(() -> Safetensors.open(f).close())
        .isInstanceOf(type)
        .hasMessageStartingWith(f + ": " + problem)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
