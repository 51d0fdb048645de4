package org.aoissl.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.aoissl.io.BadInputException;

/**
 * Bearer tokens and what each may do, read from a token file: one token per line, {@code TOKEN SCOPE
 * [NAME]}, scope {@code read} (segment, look) or {@code write} (also add and revert); blank lines and
 * lines starting with {@code #} are skipped. Tokens are compared by their SHA-256 digests in constant
 * time, and every token is compared on every call, so timing tells nothing of which one nearly matched.
 */
public final class AccessTokens {
  /** Who called: a token's name and whether it may change banks. */
  public record Caller(String name, boolean write) {}

  private record Entry(byte[] digest, Caller caller) {}

  /** Anyone on loopback when no token file is given. */
  static final Caller LOCAL = new Caller("local", true);

  private final List<Entry> entries;

  private AccessTokens(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** Reads a token file; refused when a line is malformed or no token is in it. */
  public static AccessTokens read(Path file) throws IOException {
    List<Entry> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\\s+");
      if (f.length < 2 || f.length > 3 || !(f[1].equals("read") || f[1].equals("write"))) {
        throw new BadInputException(file, "line " + (i + 1) + " must be 'TOKEN read|write [NAME]'");
      }
      if (f[0].length() < 16) {
        throw new BadInputException(file, "line " + (i + 1) + ": a token must have at least 16 characters");
      }
      String name = f.length == 3 ? f[2] : "token" + (out.size() + 1);
      out.add(new Entry(digest(f[0]), new Caller(name, f[1].equals("write"))));
    }
    if (out.isEmpty()) {
      throw new BadInputException(file, "holds no token");
    }
    return new AccessTokens(out);
  }

  /** Tokens given in code (tests, embedding). */
  public static AccessTokens of(String readToken, String writeToken) {
    return new AccessTokens(List.of(new Entry(digest(readToken), new Caller("reader", false)),
        new Entry(digest(writeToken), new Caller("writer", true))));
  }

  /** The caller an {@code Authorization} header names, or null when it names none. */
  public Caller authenticate(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return null;
    }
    byte[] d = digest(authorization.substring("Bearer ".length()).strip());
    Caller found = null;
    for (Entry e : entries) {
      if (MessageDigest.isEqual(e.digest, d) && found == null) {
        found = e.caller;
      }
    }
    return found;
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
