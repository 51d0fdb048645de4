/**
 * AOI images, multi-label masks and the dataset layouts plants already use. An {@link
 * org.aoissl.data.AoiImage} is C×H×W float32 in [0, 1] that remembers its bit depth; a {@link
 * org.aoissl.data.Mask} is K class planes plus an ignore plane. Every unusable input is reported as one
 * {@link org.aoissl.io.BadInputException} naming the file, and listing a dataset collects all such
 * problems instead of stopping at the first.
 */
package org.aoissl.data;
