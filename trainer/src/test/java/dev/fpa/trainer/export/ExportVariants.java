package dev.fpa.trainer.export;

import dev.fpa.trainer.model.config.GeneratorConfig;
import java.util.Map;

/** Tiny generator configurations that switch on the options the fixture sets leave off, one model type each. */
final class ExportVariants {
    private ExportVariants() {
    }

    private static GeneratorConfig tiny(Map<String, ?> changes) {
        return GeneratorConfig.defaults().withOverrides(Map.of("image_size", 16, "latent_dim", 12,
                "rnn_hidden_size", 16, "num_decoding_steps", 4, "mini_latent_dim", 3, "mini_input_size", 8,
                "greyscale", true)).withOverrides(changes);
    }

    /** v2 with every option of its painting loop and slow net, two LSTM layers. */
    static GeneratorConfig v2AllOptions() {
        return tiny(Map.ofEntries(Map.entry("model_type", "lstm_delta_split_v2"), Map.entry("vect_lr", true),
                Map.entry("val_tanh", true), Map.entry("no_sigmoid_lr", true), Map.entry("use_pos_enc", true),
                Map.entry("wide_out_dim", 10), Map.entry("num_layers", 2), Map.entry("use_latent_to_init", true),
                Map.entry("v2_input_sigmoid", true), Map.entry("out_tanh", true)));
    }

    /** v1 in colour, starting from a learned W_0, with softmax keys and positions. */
    static GeneratorConfig v1LearnedInit() {
        return tiny(Map.of("model_type", "lstm_delta", "greyscale", false, "use_learned_init", true,
                "use_pos_enc", true, "use_softmax", true, "vect_lr", true));
    }

    /** The v1 U-Net type, two U-Net levels, tanh before and after the U-Net. */
    static GeneratorConfig v1Unet() {
        return tiny(Map.of("model_type", "lstm_delta_unet", "max_unet_dim", 2, "unet_tanh", true, "out_tanh", true,
                "use_softmax", true));
    }

    /** The LightGAN baseline at 64×64, where its generator has lightweight-GAN's attention (at side 32). */
    static GeneratorConfig baseWithAttention() {
        return GeneratorConfig.defaults().withOverrides(Map.of("model_type", "base", "image_size", 64,
                "latent_dim", 16, "fmap_max", 16, "attn_heads", 2, "attn_dim_head", 4));
    }
}
