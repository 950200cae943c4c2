package dev.fpa.trainer.imports;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.runtime.array.NdArray;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Fills in generator and discriminator options that an official checkpoint's tensor shapes determine, where the
 * configuration is silent. The official {@code .config.json} stores only a few fields (no model type, no sizes),
 * so without this a user would have to repeat every size by hand. Flags that leave no trace in the shapes
 * (use_softmax, out_tanh, v2_input_sigmoid, …) cannot be inferred and keep the configuration's values.
 */
final class ShapeInference {
    private static final int OFFICIAL_ATTN_HEADS = 8;

    private final Map<String, NdArray> gan;
    private final ObjectNode args;
    private final Consumer<String> notes;

    private ShapeInference(Map<String, NdArray> gan, ObjectNode args, Consumer<String> notes) {
        this.gan = gan;
        this.args = args;
        this.notes = notes;
    }

    /** Adds the options the shapes determine to {@code args} (unless present) and reports each inference. */
    static void infer(Map<String, NdArray> gan, ObjectNode args, Consumer<String> notes) {
        ShapeInference s = new ShapeInference(gan, args, notes);
        s.inferModelType();
        s.inferGeneratorSizes();
        s.inferDiscriminatorSizes();
    }

    private void inferModelType() {
        boolean unet = has("G.u_net.init_conv.weight");
        String type;
        if (has("G.initial_conv.0.weight")) {
            type = "base";
        } else if (has("G.input_generator.weight")) {
            type = unet ? "lstm_delta_split_v2_unet" : "lstm_delta_split_v2";
        } else if (has("G.decoder_rnn.weight_ih_l0")) {
            type = unet ? "lstm_delta_unet" : "lstm_delta";
        } else {
            throw new IllegalArgumentException("cannot recognise the generator in this checkpoint "
                    + "(no G.input_generator, G.decoder_rnn or G.initial_conv weights)");
        }
        if (!args.has("model_type")) {
            set("model_type", type, "from the generator's layers");
        } else if (!args.get("model_type").asText().equals(type)) {
            throw new IllegalArgumentException("the configuration says model_type " + args.get("model_type").asText()
                    + " but the checkpoint holds a " + type + " generator");
        }
    }

    private void inferGeneratorSizes() {
        if (has("G.initial_conv.0.weight")) {
            set("latent_dim", dim("G.initial_conv.0.weight", 0), "from G.initial_conv.0.weight");
            return;
        }
        if (has("G.decoder_rnn.weight_hh_l0")) {
            set("rnn_hidden_size", dim("G.decoder_rnn.weight_hh_l0", 1), "from G.decoder_rnn.weight_hh_l0");
            int layers = 0;
            while (has("G.decoder_rnn.weight_hh_l" + layers)) {
                layers++;
            }
            set("num_layers", layers, "from the LSTM's layers");
        }
        if (has("G.input_generator.weight")) {
            int mini = dim("G.per_time_linear_input.weight", 1);
            set("latent_dim", dim("G.input_generator.weight", 1), "from G.input_generator.weight");
            set("mini_latent_dim", mini, "from G.per_time_linear_input.weight");
            set("mini_input_size", dim("G.per_time_linear_input.weight", 0), "from G.per_time_linear_input.weight");
            set("num_decoding_steps", dim("G.input_generator.weight", 0) / mini, "from G.input_generator.weight");
            set("use_latent_to_init", has("G.latent_to_init.weight"), "from the presence of G.latent_to_init");
        } else {
            set("latent_dim", dim("G.decoder_rnn.weight_ih_l0", 1), "from G.decoder_rnn.weight_ih_l0");
            if (has("G.decoder_time_enc")) {
                set("num_decoding_steps", dim("G.decoder_time_enc", 0), "from G.decoder_time_enc");
            } else if (!args.has("num_decoding_steps")) {
                notes.accept("num_decoding_steps is not stored in an lstm_delta checkpoint; using the official "
                        + "default 64 (pass --num-decoding-steps otherwise)");
            }
            set("use_learned_init", has("G.learned_init"), "from the presence of G.learned_init");
        }
        set("use_pos_enc", has("G.decoder_time_enc"), "from the presence of G.decoder_time_enc");
        if (has("G.wide_net.0.weight")) {
            set("wide_out_dim", dim("G.wide_net.0.weight", 0), "from G.wide_net.0.weight");
        }
        if (has("G.u_net.init_conv.weight")) {
            int levels = 0;
            while (has("G.u_net.downs." + levels + ".0.block1.proj.weight")) {
                levels++;
            }
            set("max_unet_dim", 1 << (levels - 1), "from the U-Net's " + levels + " levels");
        }
    }

    private void inferDiscriminatorSizes() {
        int widest = 0;
        for (Map.Entry<String, NdArray> e : gan.entrySet()) {
            if (e.getKey().startsWith("D.residual_layers.") && e.getKey().endsWith(".weight")
                    && e.getValue().rank() == 4 && e.getKey().contains(".branches.")) {
                widest = Math.max(widest, e.getValue().dim(0));
            }
        }
        if (widest > 0) {
            set("fmap_max", widest, "from the discriminator's widest layer");
        }
        inferAttentionSizes();
    }

    /**
     * The lightweight-GAN attention (in D, and in the base generator) has heads·dim_head channels, a product the
     * shapes give but not its factors: heads keep the configuration's value or the official 8.
     */
    private void inferAttentionSizes() {
        String attn = gan.keySet().stream().filter(k -> k.endsWith(".fn.to_q.weight")).findFirst().orElse(null);
        if (attn == null) {
            return;
        }
        int inner = dim(attn, 0);
        if (!args.has("attn_heads")) {
            set("attn_heads", OFFICIAL_ATTN_HEADS, "not stored in official checkpoints; the official value, "
                    + "pass --attn-heads otherwise");
        }
        int heads = args.get("attn_heads").asInt();
        if (heads <= 0 || inner % heads != 0) {
            throw new IllegalArgumentException("attention width " + inner + " (" + attn + ") is not a multiple of "
                    + "attn_heads " + heads);
        }
        set("attn_dim_head", inner / heads, "from " + attn + ": width " + inner + " / " + heads + " heads");
    }

    private void set(String key, Object value, String why) {
        if (args.has(key)) {
            return;
        }
        if (value instanceof Integer i) {
            args.put(key, i);
        } else if (value instanceof Boolean b) {
            args.put(key, b);
        } else {
            args.put(key, String.valueOf(value));
        }
        notes.accept(key + " = " + value + " (" + why + ")");
    }

    private boolean has(String key) {
        return gan.containsKey(key);
    }

    private int dim(String key, int axis) {
        NdArray a = gan.get(key);
        if (a == null) {
            throw new IllegalArgumentException("checkpoint lacks " + key);
        }
        return a.dim(axis);
    }
}
