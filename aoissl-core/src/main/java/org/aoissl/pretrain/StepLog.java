package org.aoissl.pretrain;

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
 */
public record StepLog(long step, double epoch, double loss, double lr, double gradNorm, double imagesPerSec,
    double seconds) {}
