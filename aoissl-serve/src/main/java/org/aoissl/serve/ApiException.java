package org.aoissl.serve;

/** A request the service refuses: the HTTP status and a one-line reason for the caller. */
final class ApiException extends RuntimeException {
  private final int status;

  ApiException(int status, String reason) {
    super(reason);
    this.status = status;
  }

  int status() {
    return status;
  }
}
