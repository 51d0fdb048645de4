package org.aoissl.pretrain.dino;

/**
 * Every DINO hyper-parameter beyond the loop's (which holds the learning rate, the start of the
 * weight-decay schedule and the gradient limit). Defaults follow {@code facebookresearch/dino}
 * {@code main_dino.py} except where a CPU needs smaller: K = 1024 outputs (65536 there) and 4 local
 * crops (8 there). iBOT uses the same settings for its CLS loss, heads and schedules.
 *
 * @param outDim K, outputs of the head's last layer
 * @param hiddenDim width of the head's two hidden layers (2048)
 * @param bottleneckDim width before the weight-normalised last layer (256)
 * @param localCrops local views per image (global views are always 2)
 * @param localSize local view side in pixels (a multiple of the patch size; 96 at 224)
 * @param globalScaleMin smallest area fraction of a global crop (0.4; the largest is 1)
 * @param localScaleMin smallest area fraction of a local crop (0.05)
 * @param localScaleMax largest area fraction of a local crop (0.4)
 * @param studentTemp τ_s (0.1)
 * @param warmupTeacherTemp τ_t at epoch 0 (0.04)
 * @param teacherTemp τ_t after the warm-up (0.04)
 * @param warmupTeacherEpochs epochs of linear τ_t warm-up (0: none)
 * @param centerMomentum EMA momentum of the centre (0.9)
 * @param momentumTeacher teacher EMA momentum at step 0, raised to 1 by a cosine (0.996)
 * @param weightDecayEnd end of the cosine weight-decay schedule (0.4)
 * @param freezeLastLayerEpochs epochs during which the head's last layer is not updated (1)
 * @param koleoWeight weight of the {@link KoLeo} regulariser on the student's CLS vectors (0: none, as
 *     the references; DINOv2 uses 0.1)
 */
public record DinoConfig(
    int outDim, int hiddenDim, int bottleneckDim, int localCrops, int localSize, double globalScaleMin,
    double localScaleMin, double localScaleMax, double studentTemp, double warmupTeacherTemp, double teacherTemp,
    int warmupTeacherEpochs, double centerMomentum, double momentumTeacher, double weightDecayEnd,
    int freezeLastLayerEpochs, double koleoWeight) {

  public DinoConfig {
    check(outDim >= 2, "outDim must be >= 2; got " + outDim);
    check(hiddenDim >= 1, "hiddenDim must be >= 1; got " + hiddenDim);
    check(bottleneckDim >= 1, "bottleneckDim must be >= 1; got " + bottleneckDim);
    check(localCrops >= 0, "localCrops must be >= 0; got " + localCrops);
    check(localSize >= 1, "localSize must be >= 1; got " + localSize);
    check(globalScaleMin > 0 && globalScaleMin <= 1, "globalScaleMin must be in (0, 1]; got " + globalScaleMin);
    check(localScaleMin > 0 && localScaleMin <= localScaleMax && localScaleMax <= 1,
        "local crop scale must satisfy 0 < min <= max <= 1; got " + localScaleMin + ", " + localScaleMax);
    check(studentTemp > 0, "studentTemp must be > 0; got " + studentTemp);
    check(warmupTeacherTemp > 0 && teacherTemp > 0, "teacher temperatures must be > 0; got "
        + warmupTeacherTemp + ", " + teacherTemp);
    check(warmupTeacherEpochs >= 0, "warmupTeacherEpochs must be >= 0; got " + warmupTeacherEpochs);
    check(centerMomentum >= 0 && centerMomentum < 1, "centerMomentum must be in [0, 1); got " + centerMomentum);
    check(momentumTeacher >= 0 && momentumTeacher <= 1, "momentumTeacher must be in [0, 1]; got " + momentumTeacher);
    check(weightDecayEnd >= 0, "weightDecayEnd must be >= 0; got " + weightDecayEnd);
    check(freezeLastLayerEpochs >= 0, "freezeLastLayerEpochs must be >= 0; got " + freezeLastLayerEpochs);
    check(koleoWeight >= 0, "koleoWeight must be >= 0; got " + koleoWeight);
  }

  /** DINO's defaults for a run at {@code imageSize} with patches of {@code patchSize}. */
  public static DinoConfig defaults(int imageSize, int patchSize) {
    return new DinoConfig(1024, 2048, 256, 4, defaultLocalSize(imageSize, patchSize), 0.4, 0.05, 0.4, 0.1, 0.04,
        0.04, 0, 0.9, 0.996, 0.4, 1, 0);
  }

  /** iBOT's defaults: as DINO's but global crops from 0.14 of the area and a 30-epoch τ_t warm-up. */
  public static DinoConfig ibotDefaults(int imageSize, int patchSize) {
    DinoConfig d = defaults(imageSize, patchSize);
    return new DinoConfig(d.outDim, d.hiddenDim, d.bottleneckDim, d.localCrops, d.localSize, 0.14, d.localScaleMin,
        d.localScaleMax, d.studentTemp, d.warmupTeacherTemp, d.teacherTemp, 30, d.centerMomentum,
        d.momentumTeacher, d.weightDecayEnd, d.freezeLastLayerEpochs, d.koleoWeight);
  }

  /** 96/224 of the image side (the references' ratio), rounded to a patch multiple, at least one patch. */
  public static int defaultLocalSize(int imageSize, int patchSize) {
    long patches = Math.round(imageSize * 96.0 / 224 / patchSize);
    return (int) Math.max(1, patches) * patchSize;
  }

  /** Throws unless local crops fit the encoder: a patch multiple no larger than the image. */
  public void requireFits(org.aoissl.model.VitConfig vit) {
    check(localSize % vit.patchSize() == 0 && localSize <= vit.imageSize(), "local crop size must be a multiple of "
        + "the patch size " + vit.patchSize() + " and at most the image size " + vit.imageSize() + "; got "
        + localSize);
  }

  /** Views per image: 2 global, then the local ones. */
  public int views() {
    return 2 + localCrops;
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
