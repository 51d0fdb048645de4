package org.aoissl.eval;

/**
 * One row of a {@link SegmentationReport}: a class's scores (NaN where undefined, e.g. a class absent
 * from both prediction and ground truth). {@code tp}, {@code fp}, {@code fn} are pixel counts summed
 * over all images.
 */
public record ClassScores(
    String name,
    double iou,
    double iouPerImage,
    double clDice,
    double clDicePerImage,
    double boundaryPrecision,
    double boundaryRecall,
    double boundaryF1,
    long tp,
    long fp,
    long fn) {}
