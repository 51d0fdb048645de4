package org.aoissl.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One optimizer step as logged (one JSON line each in the run's log).
 *
 * @param step 1-based index of the completed step
 * @param epoch fractional epochs completed
 * @param loss mean loss over the step's forward passes
 * @param lr learning rate used
 * @param gradNorm global gradient norm before clipping
 * @param imagesPerSec throughput of this step
 * @param seconds wall-clock seconds since the run (or resume) started
 * @param diagnostics the objective's extra values (DINO/iBOT collapse guard), omitted when empty
 */
public record StepLog(long step, double epoch, double loss, double lr, double gradNorm, double imagesPerSec,
    double seconds, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Double> diagnostics) {

  public StepLog(long step, double epoch, double loss, double lr, double gradNorm, double imagesPerSec,
      double seconds) {
    this(step, epoch, loss, lr, gradNorm, imagesPerSec, seconds, Map.of());
  }

  public StepLog {
    diagnostics = diagnostics == null ? Map.of()
        : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(diagnostics));
  }
}
