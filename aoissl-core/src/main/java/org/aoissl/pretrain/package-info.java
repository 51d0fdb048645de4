/**
 * What every pre-training objective shares: the learning-rate schedule, AdamW with savable state and
 * the checkpoint format. State that must survive a crash lives in Java-visible objects that are written
 * through {@link org.aoissl.io.FormatUtil}, so a resumed run continues exactly.
 */
package org.aoissl.pretrain;
