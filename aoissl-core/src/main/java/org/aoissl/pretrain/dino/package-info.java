/**
 * DINO self-distillation pre-training (after {@code facebookresearch/dino}): student and EMA teacher
 * ViTs with projection heads, multi-crop views, centring and sharpening, the schedules, and a collapse
 * guard. {@link org.aoissl.pretrain.dino.DinoObjective} plugs it into the shared pre-training loop; iBOT
 * reuses the networks, loss and schedules.
 */
package org.aoissl.pretrain.dino;
