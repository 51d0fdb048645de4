/**
 * Segmentation metrics for multi-label masks (IoU pooled and per image, centerline Dice, boundary F1,
 * a multi-label confusion matrix), the embedding-rank metric RankMe, and the report and file-level
 * evaluator built on them. Invariant: a pixel the ground truth marks ignored counts in no metric, for
 * either mask.
 */
package org.aoissl.eval;
