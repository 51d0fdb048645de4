/**
 * iBOT pre-training (after {@code bytedance/ibot}): DINO's CLS self-distillation plus the distillation
 * of masked patch tokens, with block-wise masking. {@link org.aoissl.pretrain.ibot.IbotObjective} plugs
 * it into the shared pre-training loop.
 */
package org.aoissl.pretrain.ibot;
