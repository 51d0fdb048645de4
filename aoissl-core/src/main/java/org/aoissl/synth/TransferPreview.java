package org.aoissl.synth;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.aoissl.data.Overlay;
import org.aoissl.data.LabelEncoding;

/**
 * Writes a contact sheet of the transfer benchmark's devices for eyeballing: one column per device,
 * the first unit's bright-field buffer above its mask overlay (wire red, ball green, wedge blue, epoxy
 * yellow), each downscaled to {@code tile} pixels wide. With a third argument it also writes every
 * device's first two units at full resolution (buffer 0 and overlay) into that folder.
 *
 * <p>Usage: {@code TransferPreview OUT.png [tile] [FULL_DIR] [dark-die|bright-die]}.
 */
public final class TransferPreview {
  private TransferPreview() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "synth-transfer.png");
    int tile = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    Path full = args.length > 2 && !args[2].isEmpty() ? Path.of(args[2]) : null;
    DieLook look = args.length > 3 ? DieLook.parse(args[3]) : DieLook.DARK_DIE;
    TransferConfig d = TransferConfig.defaults(1, 1);
    TransferConfig cfg = new TransferConfig(d.seed(), d.width(), d.height(), d.scale(), d.zoom(),
        look, 1, 8, LabelEncoding.BITS, 1, 0, 0, 1);
    List<DeviceSpec> devices = TransferDevices.devices(cfg);
    SceneGenerator gen = new SceneGenerator();
    int th = tile * cfg.height() / cfg.width();
    BufferedImage sheet = new BufferedImage(devices.size() * tile, 2 * th, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    for (int k = 0; k < devices.size(); k++) {
      DeviceSpec spec = devices.get(k);
      for (int unit = 0; unit < 2; unit++) {
        SynthSample s = gen.render(spec, 100 + unit, Shift.NONE, 8, 1);
        BufferedImage gray = Overlay.gray(s.image(), 0);
        BufferedImage over = Overlay.render(s.image(), 0, s.mask(), 0.55f);
        if (unit == 0) {
          g.drawImage(gray, k * tile, 0, tile, th, null);
          g.drawImage(over, k * tile, th, tile, th, null);
        }
        if (full != null) {
          Files.createDirectories(full);
          ImageIO.write(gray, "png", full.resolve(spec.id() + "-" + unit + ".png").toFile());
          ImageIO.write(over, "png", full.resolve(spec.id() + "-" + unit + "-mask.png").toFile());
        }
      }
    }
    g.dispose();
    // Indexed colour keeps the sheet small enough for the README (grey ramp plus colour cube).
    BufferedImage indexed = new BufferedImage(sheet.getWidth(), sheet.getHeight(),
        BufferedImage.TYPE_BYTE_INDEXED);
    Graphics2D gi = indexed.createGraphics();
    gi.drawImage(sheet, 0, 0, null);
    gi.dispose();
    ImageIO.write(indexed, "png", out.toFile());
  }
}
