package org.aoissl.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A real HTTP client for the service tests, with multipart bodies built by hand. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;
  private final String token;

  Http(int port) {
    this("http://127.0.0.1:" + port, null);
  }

  /** The same server, calling with bearer token {@code t} (null for none). */
  Http as(String t) {
    return new Http(base, t);
  }

  private Http(String base, String token) {
    this.base = base;
    this.token = token;
  }

  HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
    return send(request(path).GET());
  }

  HttpResponse<byte[]> post(String path, byte[] body, String contentType) throws IOException, InterruptedException {
    return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  HttpResponse<byte[]> postPng(String path, byte[] body, String contentType) throws IOException, InterruptedException {
    return send(request(path).header("Content-Type", contentType).header("Accept", "image/png")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** Files under their part names (a name may repeat), then text fields. */
  HttpResponse<byte[]> multipart(String path, List<Map.Entry<String, Path>> files, Map<String, String> fields)
      throws IOException, InterruptedException {
    Multipart body = new Multipart();
    for (Map.Entry<String, Path> f : files) {
      body.file(f.getKey(), f.getValue());
    }
    fields.forEach(body::field);
    return post(path, body.bytes(), body.contentType());
  }

  static JsonNode json(HttpResponse<byte[]> r) throws IOException {
    return JSON.readTree(r.body());
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder b) throws IOException, InterruptedException {
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
