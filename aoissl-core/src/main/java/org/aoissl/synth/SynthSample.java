package org.aoissl.synth;

import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;

/**
 * One rendered part: a two-buffer image and its exact mask in {@link org.aoissl.data.ClassSet#DEFAULT}
 * order (wire, ball, wedge, epoxy).
 *
 * @param id unique within a device: the device id and the image seed in hex
 * @param device the device id
 */
public record SynthSample(String id, String device, AoiImage image, Mask mask) {}
