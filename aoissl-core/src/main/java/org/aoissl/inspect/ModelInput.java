package org.aoissl.inspect;

import java.io.IOException;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Dataset;
import org.aoissl.data.Sample;
import org.aoissl.io.BadInputException;

/**
 * Reads one image for a model and refuses a channel count the model does not take, with the same message
 * whether the image is segmented by the command line or by a Spark task.
 */
public final class ModelInput {
  private ModelInput() {}

  /**
   * @param channels the channels the model takes
   * @param model what takes them, as the message names it ("the bank's encoder")
   */
  public static AoiImage read(Sample s, int channels, String model) throws IOException {
    AoiImage img = Dataset.readImage(s);
    if (img.channels() != channels) {
      throw new BadInputException(s.imageFiles().get(0), "has " + img.channels() + " channels; " + model
          + " takes " + channels);
    }
    return img;
  }
}
