package org.aoissl.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayerDecayTest {
  @Test
  void scalesFollowMaesLayerIdsByHand() {
    // depth 2, decay 0.5: L = 3 layers; embeddings id 0 -> 0.5^3, blocks.0 -> 0.5^2, blocks.1 -> 0.5, rest -> 1.
    List<String> names = List.of("cls_token", "pos_embed", "patch_embed.proj.weight", "blocks.0.attn.qkv.weight",
        "blocks.1.mlp.fc2.bias", "norm.weight", "head.linear.weight");
    Map<String, Double> s = LayerDecay.scales(names, "", 2, 0.5);
    assertThat(s.get("cls_token")).isEqualTo(0.125, offset(1e-12));
    assertThat(s.get("pos_embed")).isEqualTo(0.125, offset(1e-12));
    assertThat(s.get("patch_embed.proj.weight")).isEqualTo(0.125, offset(1e-12));
    assertThat(s.get("blocks.0.attn.qkv.weight")).isEqualTo(0.25, offset(1e-12));
    assertThat(s.get("blocks.1.mlp.fc2.bias")).isEqualTo(0.5, offset(1e-12));
    assertThat(s.get("norm.weight")).isEqualTo(1.0, offset(1e-12));
    assertThat(s.get("head.linear.weight")).isEqualTo(1.0, offset(1e-12));
  }

  @Test
  void twoDigitBlockIndicesAndAPrefixAreRead() {
    assertThat(LayerDecay.layerId("blocks.11.norm1.weight", "", 12)).isEqualTo(12);
    assertThat(LayerDecay.layerId("enc.blocks.3.norm1.weight", "enc.", 12)).isEqualTo(4);
    assertThat(LayerDecay.layerId("head.up.0.weight", "enc.", 12)).isEqualTo(13);
    assertThat(LayerDecay.scales(List.of("blocks.0.x"), "", 6, 1.0).get("blocks.0.x")).isEqualTo(1.0);
    assertThatThrownBy(() -> LayerDecay.scales(List.of(), "", 6, 0)).hasMessageContaining("(0, 1]");
  }
}
