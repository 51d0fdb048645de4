/**
 * Benchmarks measured from one run in one JVM: the in-process libtorch matmul peak, the MAE training
 * step rate and its model-FLOPs utilisation, where the step's time goes, native-memory growth over many
 * steps, and nearest-neighbour search cost against memory-bank size. Numbers come from timers and
 * {@code /proc}, never from unit tests.
 */
package org.aoissl.bench;
