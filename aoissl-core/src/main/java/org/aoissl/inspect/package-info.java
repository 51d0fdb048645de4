/**
 * Segmenting with a bank as a service or a batch job does: the user's choices resolved against the
 * bank's settings and refiner, the bank opened once with its index and refiner, and what a line reads
 * off a predicted mask. Nothing here changes after opening, so one {@link org.aoissl.inspect.Inspector}
 * serves many threads.
 */
package org.aoissl.inspect;
