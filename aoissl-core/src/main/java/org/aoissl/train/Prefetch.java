package org.aoissl.train;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongFunction;

/**
 * Prepares item {@code i + 1} on a background thread while the caller works on item {@code i}, so data
 * preparation overlaps the training step. Items must be a pure function of their index: what the
 * caller gets never depends on timing, and a resumed run sees the same items.
 */
public final class Prefetch<T> implements AutoCloseable {
  private final LongFunction<T> load;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "prefetch");
    t.setDaemon(true);
    return t;
  });
  private long pendingIndex = -1;
  private CompletableFuture<T> pending;

  public Prefetch(LongFunction<T> load) {
    this.load = load;
  }

  /** Item {@code index}, then starts preparing {@code index + 1}. */
  public T get(long index) {
    T item;
    if (pending != null && pendingIndex == index) {
      try {
        item = pending.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw e;
      }
    } else {
      if (pending != null) {
        pending.cancel(false);
      }
      item = load.apply(index);
    }
    pendingIndex = index + 1;
    pending = CompletableFuture.supplyAsync(() -> load.apply(index + 1), worker);
    return item;
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
