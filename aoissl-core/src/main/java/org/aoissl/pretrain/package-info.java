/**
 * Self-supervised pre-training: the objectives (MAE, DINO, iBOT) as steps on the training harness
 * ({@link org.aoissl.train}), their data views and their checkpoints.
 */
package org.aoissl.pretrain;
