/**
 * Annotation files users already have (COCO JSON, VGG Image Annotator 2.x JSON) rasterised to
 * multi-label {@link org.aoissl.data.Mask}s. Every shape is turned into pixels by one rule, stated in
 * {@link org.aoissl.data.annot.Rasterizer}: a pixel belongs to a shape when its centre does. Unusable files
 * fail with one {@link org.aoissl.io.BadInputException} line naming the file and the problem.
 */
package org.aoissl.data.annot;
