/**
 * The one training harness every loop runs on: AdamW with savable state, the learning-rate schedule,
 * gradient clipping, the time-budget fit, the JSON-lines step log and the checkpoint container. State
 * that must survive a crash lives in Java-visible objects written through {@link org.aoissl.io.FormatUtil},
 * so a resumed run continues exactly.
 */
package org.aoissl.train;
