package org.aoissl.serve;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Collection;
import java.util.function.IntSupplier;
import org.aoissl.bench.ProcStatus;

/**
 * The service's Prometheus metrics in their own registry: requests and latencies by endpoint and status,
 * queue depth, each bank's entries and version, resident memory (the JVM heap plus libtorch's native
 * memory) and the JVM's own metrics.
 */
final class ServerMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter requests;
  private final Histogram latency;

  ServerMetrics(IntSupplier queueDepth, Collection<ServedBank> banks) {
    requests = Counter.builder().name("aoissl_requests_total").help("HTTP requests by endpoint and status")
        .labelNames("endpoint", "status").register(registry);
    latency = Histogram.builder().name("aoissl_request_seconds").help("HTTP request latency by endpoint and status")
        .labelNames("endpoint", "status").register(registry);
    GaugeWithCallback.builder().name("aoissl_queue_depth").help("segment requests waiting for a worker")
        .callback(cb -> cb.call(queueDepth.getAsInt())).register(registry);
    GaugeWithCallback.builder().name("aoissl_bank_entries").help("patch entries in each served bank")
        .labelNames("bank").callback(cb -> {
          for (ServedBank b : banks) {
            cb.call(b.entries(), b.name());
          }
        }).register(registry);
    GaugeWithCallback.builder().name("aoissl_bank_version").help("version each served bank is at")
        .labelNames("bank").callback(cb -> {
          for (ServedBank b : banks) {
            cb.call(b.version(), b.name());
          }
        }).register(registry);
    GaugeWithCallback.builder().name("aoissl_resident_memory_bytes")
        .help("resident set size of the process: JVM heap and native (libtorch) memory")
        .callback(cb -> cb.call(ProcStatus.rssKb() * 1024.0)).register(registry);
    JvmMetrics.builder().register(registry);
  }

  void observe(String endpoint, int status, double seconds) {
    requests.labelValues(endpoint, Integer.toString(status)).inc();
    latency.labelValues(endpoint, Integer.toString(status)).observe(seconds);
  }

  /** The text exposition format. */
  byte[] scrape() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toByteArray();
  }

  static String contentType() {
    return PrometheusTextFormatWriter.CONTENT_TYPE;
  }
}
