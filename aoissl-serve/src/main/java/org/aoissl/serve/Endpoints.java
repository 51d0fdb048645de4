package org.aoissl.serve;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Example;
import org.aoissl.data.IntensityStretch;
import org.aoissl.data.LabelEncoding;
import org.aoissl.data.Mask;
import org.aoissl.data.MaskCodec;
import org.aoissl.data.Overlay;
import org.aoissl.data.Sample;
import org.aoissl.inspect.MaskSummary;
import org.aoissl.inspect.SegmentChoices;
import org.aoissl.io.BadInputException;
import org.aoissl.retrieval.BankImage;
import org.aoissl.retrieval.Segmenter;

/** The API's handlers: look at banks, segment an image, teach a bank, go back a version. */
final class Endpoints {
  /** What a worker hands back for one segment request. */
  private record Result(ServedBank.Snapshot snapshot, Segmenter.Prediction prediction, String label, long decodeNanos,
      int width, int height) {}

  private final ServeConfig config;
  private final Map<String, ServedBank> banks;
  private final ThreadPoolExecutor pool;
  private final Consumer<String> log;

  Endpoints(ServeConfig config, Map<String, ServedBank> banks, ThreadPoolExecutor pool, Consumer<String> log) {
    this.config = config;
    this.banks = banks;
    this.pool = pool;
    this.log = log;
  }

  void listBanks(Context ctx) {
    List<Object> out = new ArrayList<>();
    for (ServedBank b : banks.values()) {
      out.add(info(b));
    }
    InspectionServer.json(ctx, 200, Map.of("banks", out));
  }

  void showBank(Context ctx) {
    InspectionServer.json(ctx, 200, info(bank(ctx.pathParam("name"))));
  }

  private static Map<String, Object> info(ServedBank b) {
    ServedBank.Snapshot s = b.acquire();
    try {
      return BankInfo.of(b.name(), s, b.versions());
    } finally {
      s.release();
    }
  }

  void segment(Context ctx) throws Exception {
    ServedBank sb = bank(ctx.queryParam("bank"));
    SegmentChoices choices = choices(ctx);
    double pitch = number(ctx, "pixelSize", 0);
    if (pitch < 0) {
      throw new ApiException(400, "pixelSize must be > 0");
    }
    long start = System.nanoTime();
    try (Upload up = Upload.save(ctx, config.maxUploadBytes())) {
      Future<Result> f;
      try {
        f = pool.submit(() -> run(sb, up, choices, pitch));
      } catch (RejectedExecutionException e) {
        throw new ApiException(503, "all " + config.workers() + " workers are busy and " + config.queue()
            + " requests wait; try again");
      }
      Result r;
      try {
        r = f.get(config.timeoutSeconds(), TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        f.cancel(true);
        throw new ApiException(503, "not answered within " + config.timeoutSeconds() + " s; try again");
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception x ? x : e;
      }
      try {
        respond(ctx, sb, r, start, up);
      } finally {
        r.snapshot().release();
      }
    }
  }

  /** On a worker: decode, segment with the current version, keep that version leased for the answer. */
  private Result run(ServedBank sb, Upload up, SegmentChoices choices, double pitch) {
    long t0 = System.nanoTime();
    AoiImage img = up.image(config.maxPixels());
    long decode = System.nanoTime() - t0;
    ServedBank.Snapshot s = sb.acquire();
    try {
      int want = s.inspector().bank().encoder().channels();
      if (img.channels() != want) {
        throw new ApiException(400, "the image has " + img.channels() + " channels; bank '" + sb.name()
            + "' takes " + want);
      }
      if (pitch > 0 && s.inspector().bank().config().pixelSize() == 0) {
        throw new ApiException(400, "bank '" + sb.name() + "' has no pixel size to resample to");
      }
      Segmenter.Prediction p;
      try {
        p = s.inspector().segment(img, pitch, choices);
      } catch (BadInputException e) {
        throw new ApiException(400, e.problem());
      }
      String label = s.inspector().label();
      return new Result(s, p, label, decode, img.width(), img.height());
    } catch (RuntimeException e) {
      s.release();
      throw e;
    }
  }

  private void respond(Context ctx, ServedBank sb, Result r, long start, Upload up) throws IOException {
    Mask mask = r.prediction().mask();
    ctx.header("X-Bank", sb.name());
    ctx.header("X-Bank-Version", Integer.toString(r.snapshot().version().version()));
    String accept = ctx.header("Accept");
    if (accept != null && accept.toLowerCase(Locale.ROOT).contains("image/png")) {
      Path f = Files.createTempFile("aoissl-labels", ".png");
      try {
        MaskCodec.write(f, mask, LabelEncoding.BITS);
        ctx.status(200).contentType("image/png").result(Files.readAllBytes(f));
      } finally {
        Files.deleteIfExists(f);
      }
      return;
    }
    long t0 = System.nanoTime();
    List<MaskSummary.ClassSummary> classes = MaskSummary.of(mask, r.snapshot().inspector().bank().classes());
    long summary = System.nanoTime() - t0;
    Segmenter.Timing t = r.prediction().timing();
    Map<String, Object> timings = new LinkedHashMap<>();
    timings.put("decodeMs", r.decodeNanos() / 1e6);
    timings.put("encodeMs", t.encode() / 1e6);
    timings.put("searchMs", t.search() / 1e6);
    timings.put("aggregateMs", t.aggregate() / 1e6);
    timings.put("summaryMs", summary / 1e6);
    timings.put("totalMs", (System.nanoTime() - start) / 1e6);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("bank", sb.name());
    body.put("version", r.snapshot().version().version());
    body.put("width", r.width());
    body.put("height", r.height());
    body.put("method", r.label());
    body.put("classes", classes);
    body.put("timings", timings);
    InspectionServer.json(ctx, 200, body);
  }

  /**
   * Each channel of an uploaded image as an 8-bit PNG for display (contrast stretched between its 1st and
   * 99th percentiles), so a browser can show any format the service reads, 16-bit TIFF included.
   */
  void preview(Context ctx) throws Exception {
    try (Upload up = Upload.save(ctx, config.maxUploadBytes())) {
      Future<Map<String, Object>> f;
      try {
        f = pool.submit(() -> {
          AoiImage img = IntensityStretch.apply(up.image(config.maxPixels()));
          List<String> channels = new ArrayList<>();
          for (int c = 0; c < img.channels(); c++) {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(Overlay.gray(img, c), "png", png);
            channels.add(Base64.getEncoder().encodeToString(png.toByteArray()));
          }
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("width", img.width());
          body.put("height", img.height());
          body.put("channels", channels);
          return body;
        });
      } catch (RejectedExecutionException e) {
        throw new ApiException(503, "all " + config.workers() + " workers are busy; try again");
      }
      try {
        InspectionServer.json(ctx, 200, f.get(config.timeoutSeconds(), TimeUnit.SECONDS));
      } catch (TimeoutException e) {
        f.cancel(true);
        throw new ApiException(503, "not answered within " + config.timeoutSeconds() + " s; try again");
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception x ? x : e;
      }
    }
  }

  void addImage(Context ctx) throws IOException {
    AccessTokens.Caller caller = writer(ctx);
    ServedBank sb = bank(ctx.pathParam("name"));
    try (Upload up = Upload.save(ctx, config.maxUploadBytes())) {
      String id = ctx.formParam("id");
      if (id == null || id.isBlank()) {
        id = "upload-" + System.currentTimeMillis();
      }
      if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
        throw new ApiException(400, "id '" + id + "' must be letters, digits, '.', '_' or '-'");
      }
      String device = ctx.formParam("device");
      if (device == null || device.isBlank()) {
        device = Sample.deviceOf(id);
      }
      LabelEncoding enc;
      try {
        enc = LabelEncoding.parse(ctx.formParam("labels") == null ? "bits" : ctx.formParam("labels"));
      } catch (IllegalArgumentException e) {
        throw new ApiException(400, e.getMessage());
      }
      ServedBank.Snapshot s = sb.acquire();
      try {
        for (BankImage im : s.inspector().bank().images()) {
          if (im.id().equals(id)) {
            throw new ApiException(409, "bank '" + sb.name() + "' already holds an image '" + id + "'");
          }
        }
      } finally {
        s.release();
      }
      AoiImage img = up.image(config.maxPixels());
      Mask mask = up.mask(enc, sb.classes(), config.maxPixels(), img);
      Example ex = new Example(new Sample(id, device, up.imageFiles(), null), img, mask);
      BankVersion v;
      try {
        v = sb.add(List.of(ex), caller.name());
      } catch (BadInputException e) {
        throw up.refusal(e);
      }
      log.accept("bank " + sb.name() + " v" + v.parent() + " -> v" + v.version() + ": " + v.change() + " by "
          + caller.name());
      InspectionServer.json(ctx, 201, v);
    }
  }

  void revert(Context ctx) throws IOException {
    AccessTokens.Caller caller = writer(ctx);
    ServedBank sb = bank(ctx.pathParam("name"));
    BankVersion v = sb.revert(caller.name());
    log.accept("bank " + sb.name() + " -> v" + v.version() + ": " + v.change() + " by " + caller.name());
    InspectionServer.json(ctx, 200, v);
  }

  private static AccessTokens.Caller writer(Context ctx) {
    AccessTokens.Caller c = ctx.attribute(InspectionServer.CALLER);
    if (c == null || !c.write()) {
      throw new ApiException(403, "this token may read only; changing a bank needs a token with write scope");
    }
    return c;
  }

  private ServedBank bank(String name) {
    if (name == null || name.isBlank()) {
      throw new ApiException(400, "name the bank: ?bank=NAME (served: " + String.join(", ", banks.keySet()) + ")");
    }
    ServedBank b = banks.get(name);
    if (b == null) {
      throw new ApiException(404, "no bank '" + name + "' is served (served: " + String.join(", ", banks.keySet())
          + ")");
    }
    return b;
  }

  private static SegmentChoices choices(Context ctx) {
    try {
      String k = ctx.queryParam("k");
      String beta = ctx.queryParam("beta");
      return new SegmentChoices(ctx.queryParam("method"), k == null ? null : Integer.valueOf(k),
          beta == null ? null : Float.valueOf(beta), bool(ctx, "blocks"), bool(ctx, "shifted"), bool(ctx, "refine"),
          ctx.queryParam("refiner"));
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage());
    }
  }

  private static Boolean bool(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return null;
    }
    if (!v.equals("true") && !v.equals("false")) {
      throw new ApiException(400, name + " must be true or false; got '" + v + "'");
    }
    return Boolean.valueOf(v);
  }

  private static double number(Context ctx, String name, double dflt) {
    String v = ctx.queryParam(name);
    try {
      return v == null ? dflt : Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new ApiException(400, name + " must be a number; got '" + v + "'");
    }
  }
}
