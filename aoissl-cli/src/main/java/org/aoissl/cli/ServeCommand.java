package org.aoissl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.aoissl.serve.AccessTokens;
import org.aoissl.serve.InspectionServer;
import org.aoissl.serve.ServeConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aoissl serve}: the inspection service and its review page. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve banks over HTTP: segment images (JSON or label PNG), add corrected images to a bank "
        + "(a new version, written to disk and served at once), revert, metrics, and a review page at /.",
        "The API is described at /v1/openapi.json. Without --token-file the service listens on 127.0.0.1 only and "
            + "asks for no token."})
public final class ServeCommand implements Callable<Integer> {
  @Option(names = "--bank", required = true, paramLabel = "NAME=FILE", description = "A bank to serve under NAME "
      + "(repeat for more); its encoder is the checkpoint it was built with. Versions are kept in FILE.versions/.")
  List<String> banks;

  @Option(names = "--port", defaultValue = "8080", description = "TCP port, 0 for any free one (default: "
      + "${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", description = "Address to listen on (default: 127.0.0.1; another needs --token-file).")
  String host;

  @Option(names = "--token-file", paramLabel = "FILE", description = "Bearer tokens, one per line: 'TOKEN read|write "
      + "[NAME]'. Write tokens may add and revert; NAME is logged with every change.")
  Path tokenFile;

  @Option(names = "--workers", defaultValue = "2", description = "Segmentations run at once (default: "
      + "${DEFAULT-VALUE}; libtorch already uses every core for one).")
  int workers;

  @Option(names = "--queue", defaultValue = "16", description = "Requests that may wait for a worker; more are "
      + "answered 503 with Retry-After (default: ${DEFAULT-VALUE}).")
  int queue;

  @Option(names = "--max-upload-mb", defaultValue = "64", description = "Largest request body (default: "
      + "${DEFAULT-VALUE} MiB).")
  int maxUploadMb;

  @Option(names = "--max-pixels", defaultValue = "67108864", description = "Largest image, width x height x "
      + "channels, checked from the file header before decoding (default: ${DEFAULT-VALUE}).")
  long maxPixels;

  @Option(names = "--timeout", defaultValue = "60", description = "Seconds a segment request may wait and run "
      + "(default: ${DEFAULT-VALUE}).")
  int timeout;

  @Option(names = "--keep-versions", defaultValue = "20", description = "Bank versions kept on disk for revert "
      + "(default: ${DEFAULT-VALUE}).")
  int keepVersions;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Map<String, Path> named = new LinkedHashMap<>();
    for (String b : banks) {
      int eq = b.indexOf('=');
      if (eq <= 0 || eq == b.length() - 1) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--bank must be NAME=FILE; got '" + b + "'");
      }
      named.put(b.substring(0, eq), DatasetArgs.abs(Path.of(b.substring(eq + 1))));
    }
    ServeConfig cfg;
    AccessTokens tokens = tokenFile == null ? null : AccessTokens.read(DatasetArgs.abs(tokenFile));
    try {
      cfg = new ServeConfig(named, host != null ? host : ServeConfig.LOOPBACK, port, workers, queue,
          (long) maxUploadMb << 20, maxPixels, timeout, keepVersions, tokens);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    InspectionServer server = InspectionServer.start(cfg, line -> {
      synchronized (out) {
        out.println(java.time.Instant.now() + " " + line);
        out.flush();
      }
    });
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }));
    out.printf("serving %s on http://%s:%d/ (API: /v1/openapi.json, metrics: /metrics); Ctrl-C stops%n",
        String.join(", ", server.bankNames()), cfg.host(), server.port());
    if (tokens == null) {
      out.println("no --token-file: listening on " + ServeConfig.LOOPBACK + " only, without authentication");
    }
    out.flush();
    stopped.await();
    return 0;
  }
}
