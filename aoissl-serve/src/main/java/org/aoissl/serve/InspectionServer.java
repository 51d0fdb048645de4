package org.aoissl.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The inspection service: a versioned JSON API to segment images with served banks and to teach them,
 * metrics, and the review page. Segmentations run on a bounded pool of workers behind a bounded queue;
 * a full queue is answered 503 with Retry-After, never by growing. See {@code /v1/openapi.json}.
 */
public final class InspectionServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CALLER = "aoissl.caller";
  /** One endpoint: method (GET or POST), path and handler. */
  private record Route(String method, String path, Handler handler) {}

  private final ServeConfig config;
  private final Map<String, ServedBank> banks;
  private final ThreadPoolExecutor pool;
  private final ServerMetrics metrics;
  private final Consumer<String> log;
  private final Javalin app;
  private final List<Route> routes;

  private InspectionServer(ServeConfig config, Map<String, ServedBank> banks, Consumer<String> log) {
    this.config = config;
    this.banks = banks;
    this.log = log;
    BlockingQueue<Runnable> q = config.queue() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(config.queue());
    this.pool = new ThreadPoolExecutor(config.workers(), config.workers(), 0, TimeUnit.SECONDS, q, r -> {
      Thread t = new Thread(r, "aoissl-worker");
      t.setDaemon(true);
      return t;
    });
    this.metrics = new ServerMetrics(() -> pool.getQueue().size(), banks.values());
    Endpoints ep = new Endpoints(config, banks, pool, log);
    this.routes = List.of(
        new Route("GET", "/health", ctx -> json(ctx, 200, Map.of("status", "ok", "banks", banks.size()))),
        new Route("GET", "/metrics", ctx -> ctx.contentType(ServerMetrics.contentType()).result(metrics.scrape())),
        new Route("GET", "/v1/openapi.json",
            ctx -> ctx.contentType("application/json").result(resource("openapi.json"))),
        new Route("GET", "/v1/banks", ep::listBanks),
        new Route("GET", "/v1/banks/{name}", ep::showBank),
        new Route("POST", "/v1/banks/{name}/images", ep::addImage),
        new Route("POST", "/v1/banks/{name}/revert", ep::revert),
        new Route("POST", "/v1/segment", ep::segment),
        new Route("POST", "/v1/preview", ep::preview));
    this.app = Javalin.create(c -> {
      c.jetty.host = config.host();
      c.jetty.port = config.port();
      c.http.maxRequestSize = config.maxUploadBytes();
      c.jetty.multipartConfig.maxTotalRequestSize(config.maxUploadBytes(), SizeUnit.BYTES);
      c.jetty.multipartConfig.maxFileSize(config.maxUploadBytes(), SizeUnit.BYTES);
      c.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
      c.startup.showJavalinBanner = false;
      c.staticFiles.add("/org/aoissl/serve/web", Location.CLASSPATH);
      c.requestLogger.http((ctx, ms) -> metrics.observe(endpointOf(ctx), ctx.statusCode(), ms / 1000.0));
      c.routes.before("/v1/*", this::authenticate);
      for (Route r : routes) {
        if (r.method().equals("GET")) {
          c.routes.get(r.path(), r.handler());
        } else {
          c.routes.post(r.path(), r.handler());
        }
      }
      c.routes.exception(ApiException.class, (e, ctx) -> {
        if (e.status() == 503) {
          ctx.header("Retry-After", "1");
        }
        if (e.status() == 401) {
          ctx.header("WWW-Authenticate", "Bearer");
        }
        json(ctx, e.status(), Map.of("error", e.getMessage()));
      });
      c.routes.exception(IllegalStateException.class, (e, ctx) -> {
        // The servlet container refuses a multipart body over its limits this way.
        boolean tooLarge = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("size");
        json(ctx, tooLarge ? 413 : 500, Map.of("error", tooLarge ? "the upload exceeds "
            + config.maxUploadBytes() + " bytes" : "internal error: " + e.getMessage()));
      });
      c.routes.exception(Exception.class, (e, ctx) -> {
        log.accept("error on " + ctx.method() + " " + ctx.path() + ": " + e);
        json(ctx, 500, Map.of("error", "internal error: " + e.getMessage()));
      });
      c.routes.error(404, ctx -> {
        if (ctx.result() == null) {
          json(ctx, 404, Map.of("error", "no such endpoint: " + ctx.method() + " " + ctx.path()));
        }
      });
    });
  }

  /**
   * Opens every bank (each with the encoder it was built with) and starts listening.
   *
   * @param log receives one line per bank change and per server error
   */
  public static InspectionServer start(ServeConfig config, Consumer<String> log) throws IOException {
    Map<String, ServedBank> banks = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, Path> e : config.banks().entrySet()) {
        banks.put(e.getKey(), ServedBank.open(e.getKey(), e.getValue(), config.keepVersions()));
      }
    } catch (IOException | RuntimeException e) {
      banks.values().forEach(ServedBank::close);
      throw e;
    }
    InspectionServer s = new InspectionServer(config, banks, log);
    s.app.start();
    return s;
  }

  /** The port listened on (the one chosen when the config asked for 0). */
  public int port() {
    return app.port();
  }

  /** The bank names served, in the order given. */
  public List<String> bankNames() {
    return new ArrayList<>(banks.keySet());
  }

  /** Every endpoint served, as METHOD PATH (the OpenAPI document must list exactly these). */
  List<String> routes() {
    return routes.stream().map(r -> r.method() + " " + r.path()).toList();
  }

  ThreadPoolExecutor pool() {
    return pool;
  }

  private void authenticate(Context ctx) {
    long length = ctx.contentLength();
    if (length > config.maxUploadBytes()) {
      throw new ApiException(413, "the request body has " + length + " bytes; the limit is "
          + config.maxUploadBytes());
    }
    if (config.tokens() == null) {
      ctx.attribute(CALLER, AccessTokens.LOCAL);
      return;
    }
    AccessTokens.Caller c = config.tokens().authenticate(ctx.header("Authorization"));
    if (c == null) {
      throw new ApiException(401, "a valid 'Authorization: Bearer TOKEN' header is required");
    }
    ctx.attribute(CALLER, c);
  }

  private static String endpointOf(Context ctx) {
    try {
      return ctx.endpoint().path;
    } catch (RuntimeException e) {
      return "other";
    }
  }

  static void json(Context ctx, int status, Object body) {
    try {
      ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = InspectionServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("resource " + name + " is missing from the build");
      }
      return in.readAllBytes();
    }
  }

  @Override
  public void close() {
    app.stop();
    pool.shutdownNow();
    try {
      pool.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    banks.values().forEach(ServedBank::close);
  }
}
