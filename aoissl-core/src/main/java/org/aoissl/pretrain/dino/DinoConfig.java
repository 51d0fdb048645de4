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
 * @param warmupTeacherTemp τ_t at epoch 0 (ours 0.01; the references 0.04, see {@link #REFERENCE_TEACHER_TEMP})
 * @param teacherTemp τ_t after the warm-up (ours 0.01; the references 0.04)
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

  /** τ_t of {@code main_dino.py} and {@code main_ibot.py}: {@code --teacher-temp 0.04} reproduces them. */
  public static final double REFERENCE_TEACHER_TEMP = 0.04;

  /**
   * Our default τ_t. AOI images of a product are alike, so after centring the teacher's logits differ between
   * them by less than one unit of 0.04 and the softmax target is uniform: at 0.04 the teacher collapsed within
   * ~60 steps on the synthetic set, in this code and in a plain PyTorch copy of the reference alike; at 0.01 it
   * stays informative (bench/RESULTS.md, "Why DINO's teacher goes uniform on this data").
   */
  public static final double TEACHER_TEMP = 0.01;

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

  /**
   * DINO's defaults for a run at {@code imageSize} with patches of {@code patchSize}, except the teacher
   * temperature: {@link #TEACHER_TEMP} instead of the references' {@link #REFERENCE_TEACHER_TEMP}.
   */
  public static DinoConfig defaults(int imageSize, int patchSize) {
    return new DinoConfig(1024, 2048, 256, 4, defaultLocalSize(imageSize, patchSize), 0.4, 0.05, 0.4, 0.1,
        TEACHER_TEMP, TEACHER_TEMP, 0, 0.9, 0.996, 0.4, 1, 0);
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
