package org.aoissl.retrieval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.aoissl.data.Normalization;
import org.aoissl.io.BadInputException;
import org.aoissl.io.FormatUtil;
import org.aoissl.model.VitConfig;
import org.aoissl.pretrain.PretrainState;

/**
 * Which encoder made a bank's keys and how it was fed: keys are only comparable with queries encoded
 * the same way. The checkpoint file name is for people; identity is the checkpoint's checksum plus the
 * encoding settings, so a renamed or copied checkpoint still matches.
 *
 * @param checkpoint checkpoint file name (no folder)
 * @param checksum the checkpoint's CRC32 ({@link FormatUtil#checksum}), 8 hex digits
 * @param dim key width D
 * @param patchSize patch side p in pixels
 * @param channels image channels the encoder takes
 * @param mean per-channel normalisation mean applied before encoding
 * @param std per-channel normalisation standard deviation
 * @param tile images larger than this on a side are encoded in overlapping tiles of this size
 */
public record EncoderId(
    String checkpoint, String checksum, int dim, int patchSize, int channels, float[] mean, float[] std,
    int tile) {

  public EncoderId {
    if (checkpoint == null || checksum == null) {
      throw new IllegalArgumentException("checkpoint name and checksum are required");
    }
    if (dim < 1 || patchSize < 1 || channels < 1 || tile < patchSize) {
      throw new IllegalArgumentException("dim " + dim + ", patch " + patchSize + ", channels " + channels
          + " must be positive and tile " + tile + " at least one patch");
    }
    if (mean.length != channels || std.length != channels) {
      throw new IllegalArgumentException("need one mean and std per channel (" + channels + "); got "
          + mean.length + " and " + std.length);
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** The identity of a checkpoint's encoder, read from the file and its state. */
  public static EncoderId of(Path checkpointFile, PretrainState state, int tile) throws IOException {
    return of(checkpointFile.getFileName().toString(), FormatUtil.checksum(checkpointFile), state.vit(),
        state.normalization(), tile);
  }

  public static EncoderId of(String checkpoint, String checksum, VitConfig vit, Normalization norm, int tile) {
    return new EncoderId(checkpoint, checksum, vit.dim(), vit.patchSize(), vit.channels(), norm.mean(),
        norm.std(), tile);
  }

  public Normalization normalization() {
    return new Normalization(mean, std);
  }

  /**
   * Refuses a bank whose keys this encoder (the bank's, {@code this}) cannot be compared with: {@code
   * other} is the checkpoint the caller wants to use.
   */
  public void requireSame(EncoderId other, Path bankFile) throws BadInputException {
    List<String> diffs = differences(other);
    if (!diffs.isEmpty()) {
      throw new BadInputException(bankFile, "was built with encoder " + describe() + "; this checkpoint is "
          + other.describe() + " (" + String.join(", ", diffs) + (diffs.size() == 1 ? " differs" : " differ")
          + "); rebuild the bank with this "
          + "checkpoint or use the one it was built with");
    }
  }

  /** Whether keys of both encoders are comparable (the file name may differ). */
  public boolean sameEncoding(EncoderId other) {
    return differences(other).isEmpty();
  }

  /** "name (checksum 1a2b3c4d, dim 384, patch 16, 2 channels, tile 1024)". */
  public String describe() {
    return checkpoint + " (checksum " + checksum + ", dim " + dim + ", patch " + patchSize + ", " + channels
        + " channels, tile " + tile + ")";
  }

  private List<String> differences(EncoderId o) {
    List<String> d = new ArrayList<>();
    if (!checksum.equals(o.checksum)) {
      d.add("checksum");
    }
    if (dim != o.dim) {
      d.add("dim");
    }
    if (patchSize != o.patchSize) {
      d.add("patch size");
    }
    if (channels != o.channels) {
      d.add("channels");
    }
    if (!Arrays.equals(mean, o.mean) || !Arrays.equals(std, o.std)) {
      d.add("normalisation");
    }
    if (tile != o.tile) {
      d.add("tile size");
    }
    return d;
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncoderId e && checkpoint.equals(e.checkpoint) && differences(e).isEmpty();
  }

  @Override
  public int hashCode() {
    return checksum.hashCode() * 31 + dim;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "EncoderId[%s, mean %s, std %s]", describe(), Arrays.toString(mean),
        Arrays.toString(std));
  }
}
