package org.aoissl.serve;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the inspection service runs.
 *
 * @param banks served banks by name (the name used in the API), each a bank file
 * @param host address to bind; without tokens only a loopback address is allowed
 * @param port TCP port, 0 for any free one
 * @param workers segmentations that run at once
 * @param queue requests that may wait for a worker; more get 503 with Retry-After
 * @param maxUploadBytes largest request body accepted (413 above it)
 * @param maxPixels largest image accepted, width × height × channels, checked before decoding
 * @param timeoutSeconds longest a segment request may wait and run before it is answered 503
 * @param keepVersions bank versions kept on disk for revert
 * @param tokens who may call the API, or null for no authentication (loopback only)
 */
public record ServeConfig(Map<String, Path> banks, String host, int port, int workers, int queue,
    long maxUploadBytes, long maxPixels, int timeoutSeconds, int keepVersions, AccessTokens tokens) {
  public static final String LOOPBACK = "127.0.0.1";

  public ServeConfig {
    banks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(banks));
    if (banks.isEmpty()) {
      throw new IllegalArgumentException("give at least one bank to serve");
    }
    for (String name : banks.keySet()) {
      if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
        throw new IllegalArgumentException("bank name '" + name + "' must be letters, digits, '.', '_' or '-'");
      }
    }
    if (port < 0 || port > 65535 || workers < 1 || queue < 0 || maxUploadBytes < 1 || maxPixels < 1
        || timeoutSeconds < 1 || keepVersions < 2) {
      throw new IllegalArgumentException("port 0..65535, workers >= 1, queue >= 0, upload and pixel limits >= 1, "
          + "timeout >= 1 s and keep-versions >= 2 are required");
    }
    if (tokens == null && !isLoopback(host)) {
      throw new IllegalArgumentException("without a token file the service binds to " + LOOPBACK + " only; got "
          + host);
    }
  }

  /** Defaults for everything but the banks: loopback, any port, 2 workers, 16 queued, 64 MiB, 64 Mpx, 60 s. */
  public static ServeConfig of(Map<String, Path> banks) {
    return new ServeConfig(banks, LOOPBACK, 0, 2, 16, 64L << 20, 64L << 20, 60, 20, null);
  }

  public ServeConfig withPort(int p) {
    return new ServeConfig(banks, host, p, workers, queue, maxUploadBytes, maxPixels, timeoutSeconds, keepVersions,
        tokens);
  }

  public ServeConfig withLimits(int w, int q, long upload, long pixels, int timeout) {
    return new ServeConfig(banks, host, port, w, q, upload, pixels, timeout, keepVersions, tokens);
  }

  public ServeConfig withKeepVersions(int keep) {
    return new ServeConfig(banks, host, port, workers, queue, maxUploadBytes, maxPixels, timeoutSeconds, keep, tokens);
  }

  public ServeConfig withTokens(AccessTokens t, String h) {
    return new ServeConfig(banks, h, port, workers, queue, maxUploadBytes, maxPixels, timeoutSeconds, keepVersions, t);
  }

  static boolean isLoopback(String host) {
    return host.equals(LOOPBACK) || host.equals("localhost") || host.equals("::1");
  }
}
