package org.aoissl.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Loads tiny TorchScript modules written as source text here, to reach libtorch ops DJL 0.36 does
 * not expose (fused attention, fused AdamW). The archive has the layout {@code torch.jit.save}
 * writes (source code, a pickled module object, a version record) and is built and loaded in
 * memory: no file, no Python, nothing downloaded; libtorch compiles the source when loading.
 */
public final class TorchScript {
  private TorchScript() {}

  /**
   * A parameterless module {@code __torch__.NAME} with the given methods, each written as
   * TorchScript ({@code def forward(self: __torch__.NAME, ...) -> ...:}) and indented two spaces.
   * The module lives for the life of the JVM.
   */
  public static PtSymbolBlock load(String name, String methods) throws IOException {
    // A manager for the life of the JVM: modules are tiny and shared by every model.
    PtNDManager manager = (PtNDManager) Engine.getEngine("PyTorch").newBaseManager();
    return JniUtils.loadModule(manager, new ByteArrayInputStream(archive(name, methods)), true,
        false);
  }

  static byte[] archive(String name, String methods) throws IOException {
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("not a class name: " + name);
    }
    String code = "class " + name + "(Module):\n"
        + "  __parameters__ = []\n"
        + "  __buffers__ = []\n"
        + "  training : bool\n"
        + methods;
    String dir = name.toLowerCase(java.util.Locale.ROOT);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      stored(zip, dir + "/data.pkl", modulePickle(name));
      stored(zip, dir + "/code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
      // An empty tuple: no tensor constants.
      stored(zip, dir + "/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
      stored(zip, dir + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
    }
    return bytes.toByteArray();
  }

  /**
   * Pickle protocol 2 of an instance of {@code __torch__.NAME} whose state is {@code {"training":
   * True}}: GLOBAL, empty args, NEWOBJ, then a dict applied with BUILD.
   */
  private static byte[] modulePickle(String name) {
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.writeBytes(new byte[] {(byte) 0x80, 2, 'c'}); // PROTO 2, GLOBAL
    p.writeBytes(("__torch__\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    p.writeBytes(new byte[] {'q', 0, ')', (byte) 0x81, '}', '('}); // BINPUT, (), NEWOBJ, {}, MARK
    p.writeBytes(new byte[] {'X', 8, 0, 0, 0}); // BINUNICODE of 8 bytes
    p.writeBytes("training".getBytes(StandardCharsets.US_ASCII));
    p.writeBytes(new byte[] {'q', 1, (byte) 0x88, 'u', 'b', 'q', 2, '.'}); // True, SETITEMS, BUILD
    return p.toByteArray();
  }

  private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(data.length);
    e.setCompressedSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    e.setCrc(crc.getValue());
    zip.putNextEntry(e);
    zip.write(data);
    zip.closeEntry();
  }
}
