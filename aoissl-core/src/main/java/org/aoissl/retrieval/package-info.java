/**
 * In-context segmentation by patch retrieval: a memory bank of L2-normalised patch embeddings with their
 * labels, nearest-neighbour search over it (exact or HNSW), and aggregators that turn the neighbours'
 * labels into per-class scores and masks. Nothing here trains: adapting to a new device is adding its
 * labeled images to the bank.
 */
package org.aoissl.retrieval;
