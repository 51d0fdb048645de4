/**
 * Seeded augmentations for AOI images and their optional masks. Every {@link
 * org.aoissl.data.augment.Transform} draws its randomness only from the generator the caller passes,
 * so the same seed gives the same output; inputs are never modified, pixel values stay in [0, 1] and
 * the bit depth is kept. Geometric transforms move the mask (class planes and ignore plane) exactly
 * with the image; photometric ones pass the mask through unchanged.
 */
package org.aoissl.data.augment;
