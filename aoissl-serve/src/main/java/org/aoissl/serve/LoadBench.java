package org.aoissl.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.aoissl.bench.ProcStatus;
import org.aoissl.data.Example;
import org.aoissl.data.ImageCodec;
import org.aoissl.data.LabelEncoding;
import org.aoissl.data.MaskCodec;
import org.aoissl.inspect.Inspector;
import org.aoissl.inspect.SegmentChoices;
import org.aoissl.retrieval.BankEncoder;
import org.aoissl.retrieval.BankFile;
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.PatchEncoder;

/**
 * The service under load on localhost: {@code clients} clients segment images back to back for
 * {@code seconds} while one more client teaches the bank {@code adds} images spread over the run. Every
 * answer is checked afterwards against the version it names: its per-class pixel counts must equal
 * those of that version segmenting the same image directly (a mismatch is a torn read). Works on a copy
 * of the bank; the given one is never changed.
 */
public final class LoadBench {
  /**
   * What to run.
   *
   * @param revertEach revert each addition half an interval after it, so the bank returns to its size
   *     again and again (resident memory that still grows then is not the bank's)
   */
  public record Config(Path bank, List<Example> queries, List<Example> adds, int clients, int seconds, int workers,
      int queue, boolean revertEach) {}

  /** What was measured; latencies in milliseconds, memory in MiB. */
  public record Result(int requests, int errors, int busy, double seconds, double perSecond, double p50, double p95,
      double p99, int added, double addP50, int versions, int checked, int torn, double rssBefore, double rssAfter,
      double[] rssQuarters, double heapAfter, List<String> firstErrors) {}

  private record Answer(int version, int image, long[] pixels) {}

  private LoadBench() {}

  public static Result run(Config cfg, Path work) throws IOException, InterruptedException {
    Path bank = work.resolve("bench.bank");
    Files.copy(cfg.bank(), bank);
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < cfg.queries().size(); i++) {
      Path f = work.resolve("q" + i + ".tif");
      ImageCodec.writeTiff(f, cfg.queries().get(i).image());
      bodies.add(Files.readAllBytes(f));
    }
    ServeConfig sc = ServeConfig.of(Map.of("bench", bank)).withLimits(cfg.workers(), cfg.queue(), 256L << 20,
        1L << 28, 120).withKeepVersions(2 * cfg.adds().size() + 2); // every version is checked afterwards
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Double> addLatencies = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    AtomicInteger busy = new AtomicInteger();
    double rssBefore;
    double rssAfter;
    double[] quarters = new double[4];
    double elapsed;
    try (InspectionServer server = InspectionServer.start(sc, line -> { })) {
      String base = "http://127.0.0.1:" + server.port();
      for (byte[] b : bodies) {
        segment(client, base, b);
      }
      System.gc();
      rssBefore = ProcStatus.rssKb() / 1024.0;
      long start = System.nanoTime();
      long end = start + cfg.seconds() * 1_000_000_000L;
      List<Thread> threads = new ArrayList<>();
      for (int c = 0; c < cfg.clients(); c++) {
        int first = c;
        threads.add(started(() -> {
          for (int n = 0; System.nanoTime() < end; n++) {
            int i = (first + n) % bodies.size();
            long t0 = System.nanoTime();
            try {
              HttpResponse<byte[]> r = segment(client, base, bodies.get(i));
              latencies.add((System.nanoTime() - t0) / 1e6);
              if (r.statusCode() == 200) {
                answers.add(answer(r, i));
              } else {
                busy.addAndGet(r.statusCode() == 503 ? 1 : 0);
                errors.add(r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
              }
            } catch (IOException | InterruptedException e) {
              errors.add(e.toString());
            }
          }
        }));
      }
      threads.add(started(() -> {
        for (int a = 0; a < cfg.adds().size(); a++) {
          long due = start + (long) ((a + 1.0) / (cfg.adds().size() + 1) * (end - start));
          sleepUntil(due);
          long t0 = System.nanoTime();
          try {
            HttpResponse<byte[]> r = add(client, base, cfg.adds().get(a), "bench-add-" + a, work);
            addLatencies.add((System.nanoTime() - t0) / 1e6);
            if (r.statusCode() != 201) {
              errors.add("add " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
            }
            if (cfg.revertEach()) {
              sleepUntil(due + (end - start) / (cfg.adds().size() + 1) / 2);
              HttpResponse<byte[]> v = client.send(HttpRequest.newBuilder(URI.create(base
                  + "/v1/banks/bench/revert")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                  HttpResponse.BodyHandlers.ofByteArray());
              if (v.statusCode() != 200) {
                errors.add("revert " + v.statusCode() + " " + new String(v.body(), StandardCharsets.UTF_8));
              }
            }
          } catch (IOException | InterruptedException e) {
            errors.add("add " + e);
          }
        }
      }));
      // Resident memory at each quarter of the run: flat, or still growing at the end.
      threads.add(started(() -> {
        for (int q = 1; q <= 4; q++) {
          sleepUntil(start + q * (end - start) / 4 - 50_000_000L);
          quarters[q - 1] = ProcStatus.rssKb() / 1024.0;
        }
      }));
      for (Thread t : threads) {
        t.join();
      }
      elapsed = (System.nanoTime() - start) / 1e9;
      System.gc();
      rssAfter = ProcStatus.rssKb() / 1024.0;
    }
    double heap = Runtime.getRuntime().totalMemory() / 1048576.0;
    int[] torn = check(bank, cfg.queries(), answers);
    double[] lat = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double[] addLat = addLatencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return new Result(lat.length, errors.size(), busy.get(), elapsed, answers.size() / elapsed, pct(lat, 0.50),
        pct(lat, 0.95), pct(lat, 0.99), addLat.length, pct(addLat, 0.5), torn[0], answers.size(), torn[1], rssBefore,
        rssAfter, quarters, heap, errors.stream().limit(5).toList());
  }

  /** {versions seen, answers that differ from their version's own answer}. */
  private static int[] check(Path bank, List<Example> queries, ConcurrentLinkedQueue<Answer> answers)
      throws IOException {
    Map<Integer, long[][]> expected = new HashMap<>();
    Path history = bank.resolveSibling(bank.getFileName() + ".versions");
    int torn = 0;
    MemoryBank first = BankFile.read(bank);
    try (PatchEncoder enc = BankEncoder.open(null, first, bank)) {
      for (Answer a : answers) {
        long[][] want = expected.get(a.version());
        if (want == null) {
          Path f = history.resolve("v" + a.version() + ".bank");
          MemoryBank b = BankFile.read(f);
          want = new long[queries.size()][];
          try (Inspector ins = Inspector.open(f, b, enc, "exact", SegmentChoices.DEFAULT)) {
            for (int i = 0; i < queries.size(); i++) {
              var m = ins.segment(queries.get(i).image(), 0).mask();
              want[i] = new long[m.numClasses()];
              for (int k = 0; k < m.numClasses(); k++) {
                want[i][k] = m.count(k);
              }
            }
          }
          expected.put(a.version(), want);
        }
        if (!Arrays.equals(want[a.image()], a.pixels())) {
          torn++;
        }
      }
    }
    return new int[] {expected.size(), torn};
  }

  private static HttpResponse<byte[]> segment(HttpClient client, String base, byte[] tiff)
      throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v1/segment?bank=bench"))
        .timeout(Duration.ofSeconds(180)).header("Content-Type", "image/tiff")
        .POST(HttpRequest.BodyPublishers.ofByteArray(tiff)).build();
    return client.send(req, HttpResponse.BodyHandlers.ofByteArray());
  }

  private static Answer answer(HttpResponse<byte[]> r, int image) throws IOException {
    JsonNode j = InspectionServer.JSON.readTree(r.body());
    JsonNode classes = j.path("classes");
    long[] pixels = new long[classes.size()];
    for (int k = 0; k < pixels.length; k++) {
      pixels[k] = classes.get(k).path("pixels").asLong();
    }
    return new Answer(j.path("version").asInt(), image, pixels);
  }

  private static HttpResponse<byte[]> add(HttpClient client, String base, Example e, String id, Path work)
      throws IOException, InterruptedException {
    Path tif = work.resolve(id + ".tif");
    Path png = work.resolve(id + ".png");
    ImageCodec.writeTiff(tif, e.image());
    MaskCodec.write(png, e.mask(), LabelEncoding.BITS);
    Multipart body = new Multipart().file("image", tif).file("mask", png).field("id", id);
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v1/banks/bench/images"))
        .timeout(Duration.ofSeconds(180)).header("Content-Type", body.contentType())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())).build();
    return client.send(req, HttpResponse.BodyHandlers.ofByteArray());
  }

  private static Thread started(Runnable r) {
    Thread t = new Thread(r, "load-client");
    t.start();
    return t;
  }

  private static void sleepUntil(long nanos) {
    long wait;
    while ((wait = nanos - System.nanoTime()) > 0) {
      try {
        Thread.sleep(Math.max(1, wait / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static double pct(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }
}
