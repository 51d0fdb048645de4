/**
 * Masked-autoencoder pre-training (He et al., {@code facebookresearch/mae}): config, patchify,
 * per-sample random masking, the encoder-decoder model and its masked-patch loss. Masks come from a
 * seeded Java RNG so runs are reproducible; the training loop lives in {@code org.aoissl.pretrain}.
 */
package org.aoissl.pretrain.mae;
