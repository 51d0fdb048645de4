/**
 * The Vision Transformer encoder shared by every pre-training method, retrieval and fine-tuning
 * (config presets, layers, fixed sin-cos position embeddings, the feature API, the import of published
 * timm and Hugging Face weights from safetensors files), and the U-Net segmenter that is the plant's
 * baseline, with tiled whole-image inference. Parameters have stable timm/PyTorch-style names and
 * seeded, engine-independent initial values; forward passes put every array they create on the
 * input's manager, never on the model's.
 */
package org.aoissl.model;
