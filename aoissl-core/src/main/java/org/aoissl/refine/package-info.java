/**
 * The learned refiner: a small U-Net that reads an image together with retrieval's per-class score maps
 * and outputs the mask. It is trained on the bank's own support images with score maps computed leaving
 * each image out of the bank, so it learns how retrieval errs on images it has not seen (labels copied a
 * pixel or two beside a thin wire, blurred ball edges) rather than to copy; stored in the bank and reused
 * when images are added.
 */
package org.aoissl.refine;
