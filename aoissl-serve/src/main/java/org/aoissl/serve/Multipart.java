package org.aoissl.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@code multipart/form-data} request body, for clients of the service written in Java (the load
 * benchmark, tests): files under their part names (a name may repeat, in order), then text fields.
 */
public final class Multipart {
  private final String boundary = "aoissl" + System.nanoTime();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  /** Adds a file as part {@code name}, with its file name. */
  public Multipart file(String name, Path file) throws IOException {
    write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
        + file.getFileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
    body.write(Files.readAllBytes(file));
    write("\r\n");
    return this;
  }

  /** Adds a text field. */
  public Multipart field(String name, String value) {
    write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
    return this;
  }

  /** The {@code Content-Type} header value, with the boundary. */
  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** The body so far, closed by the final boundary. */
  public byte[] bytes() {
    byte[] parts = body.toByteArray();
    byte[] end = ("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[parts.length + end.length];
    System.arraycopy(parts, 0, out, 0, parts.length);
    System.arraycopy(end, 0, out, parts.length, end.length);
    return out;
  }

  private void write(String s) {
    body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }
}
