/**
 * Supervised training on labeled images, as steps on the training harness ({@link org.aoissl.train}):
 * a {@link org.aoissl.finetune.Segmenter} is either a ViT encoder with a segmentation head (linear probe,
 * convolutional decoder, or the {@code unetr} decoder with skip features from the image) or the U-Net
 * baseline a plant would otherwise train. BCE + soft Dice over labeled pixels, layer-wise lr decay for
 * the ViT, exact resume, and prediction of whole images of any size.
 */
package org.aoissl.finetune;
