/**
 * The Vision Transformer encoder shared by every pre-training method, retrieval and fine-tuning:
 * config presets, layers, fixed sin-cos position embeddings, the feature API, and the import of
 * published (timm, Hugging Face) weights from safetensors files. Parameters have
 * stable timm-style names and seeded, engine-independent initial values; forward passes put every
 * array they create on the input's manager, never on the model's.
 */
package org.aoissl.model;
