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
import java.util.concurrent.Callable;
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
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.Segmenter;

/** The API's handlers: look at banks, segment an image, teach a bank, go back a version. */
final class Endpoints {
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
    String accept = ctx.header("Accept");
    boolean png = accept != null && accept.toLowerCase(Locale.ROOT).contains("image/png");
    long start = System.nanoTime();
    try (Upload up = Upload.save(ctx, config.maxUploadBytes())) {
      Reply r = onWorker(() -> segmentReply(sb, up, choices, pitch, png, start));
      ctx.header("X-Bank", sb.name());
      ctx.header("X-Bank-Version", Integer.toString(r.version()));
      ctx.status(200).contentType(r.contentType()).result(r.body());
    }
  }

  /** An answer built on a worker, with the bank version it came from. */
  private record Reply(byte[] body, String contentType, int version) {}

  /**
   * Runs {@code task} on a worker: every libtorch call of the service happens on the pool's threads, so
   * its native memory stays with a fixed set of threads, and concurrency is bounded by the pool.
   */
  private <T> T onWorker(Callable<T> task) throws Exception {
    Future<T> f;
    try {
      f = pool.submit(task);
    } catch (RejectedExecutionException e) {
      throw new ApiException(503, "all " + config.workers() + " workers are busy and " + config.queue()
          + " requests wait; try again");
    }
    try {
      return f.get(config.timeoutSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new ApiException(503, "not answered within " + config.timeoutSeconds() + " s; try again");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception x ? x : e;
    }
  }

  /** Decodes, segments with the current version and builds the answer, holding that version throughout. */
  private Reply segmentReply(ServedBank sb, Upload up, SegmentChoices choices, double pitch, boolean png, long start)
      throws IOException {
    long t0 = System.nanoTime();
    AoiImage img = up.image(config.maxPixels());
    long decode = System.nanoTime() - t0;
    ServedBank.Snapshot s = sb.acquire();
    try {
      MemoryBank bank = s.inspector().bank();
      int version = s.version().version();
      int want = bank.encoder().channels();
      if (img.channels() != want) {
        throw new ApiException(400, "the image has " + img.channels() + " channels; bank '" + sb.name()
            + "' takes " + want);
      }
      if (pitch > 0 && bank.config().pixelSize() == 0) {
        throw new ApiException(400, "bank '" + sb.name() + "' has no pixel size to resample to");
      }
      Segmenter.Prediction p;
      try {
        p = s.inspector().segment(img, pitch, choices);
      } catch (BadInputException e) {
        throw new ApiException(400, e.problem());
      }
      Mask mask = p.mask();
      if (png) {
        Path f = Files.createTempFile("aoissl-labels", ".png");
        try {
          MaskCodec.write(f, mask, LabelEncoding.BITS);
          return new Reply(Files.readAllBytes(f), "image/png", version);
        } finally {
          Files.deleteIfExists(f);
        }
      }
      long t1 = System.nanoTime();
      List<MaskSummary.ClassSummary> classes = MaskSummary.of(mask, bank.classes());
      long summary = System.nanoTime() - t1;
      Segmenter.Timing t = p.timing();
      Map<String, Object> timings = new LinkedHashMap<>();
      timings.put("decodeMs", decode / 1e6);
      timings.put("encodeMs", t.encode() / 1e6);
      timings.put("searchMs", t.search() / 1e6);
      timings.put("aggregateMs", t.aggregate() / 1e6);
      timings.put("summaryMs", summary / 1e6);
      timings.put("totalMs", (System.nanoTime() - start) / 1e6);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("bank", sb.name());
      body.put("version", version);
      body.put("width", img.width());
      body.put("height", img.height());
      body.put("method", s.inspector().label());
      body.put("classes", classes);
      body.put("timings", timings);
      return new Reply(InspectionServer.JSON.writeValueAsBytes(body), "application/json", version);
    } finally {
      s.release();
    }
  }

  /**
   * Each channel of an uploaded image as an 8-bit PNG for display (contrast stretched between its 1st and
   * 99th percentiles), so a browser can show any format the service reads, 16-bit TIFF included.
   */
  void preview(Context ctx) throws Exception {
    try (Upload up = Upload.save(ctx, config.maxUploadBytes())) {
      InspectionServer.json(ctx, 200, onWorker(() -> {
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
      }));
    }
  }

  void addImage(Context ctx) throws Exception {
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
      AoiImage img = up.image(config.maxPixels());
      Mask mask = up.mask(enc, sb.classes(), config.maxPixels(), img);
      Example ex = new Example(new Sample(id, device, up.imageFiles(), null), img, mask);
      BankVersion v = onWorker(() -> {
        try {
          return sb.add(List.of(ex), caller.name());
        } catch (BadInputException e) {
          throw up.refusal(e);
        }
      });
      log.accept("bank " + sb.name() + " v" + v.parent() + " -> v" + v.version() + ": " + v.change() + " by "
          + caller.name());
      InspectionServer.json(ctx, 201, v);
    }
  }

  void revert(Context ctx) throws Exception {
    AccessTokens.Caller caller = writer(ctx);
    ServedBank sb = bank(ctx.pathParam("name"));
    BankVersion v = onWorker(() -> sb.revert(caller.name()));
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
