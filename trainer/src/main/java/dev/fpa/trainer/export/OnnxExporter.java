package dev.fpa.trainer.export;

import static dev.fpa.trainer.export.OnnxGraph.BATCH;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import dev.fpa.runtime.generate.ModelDescription;
import dev.fpa.runtime.io.AtomicFiles;
import dev.fpa.trainer.model.CheckpointGenerator;
import dev.fpa.trainer.model.config.GeneratorConfig;
import dev.fpa.trainer.model.layers.ImageGenerator;
import dev.fpa.trainer.model.lightgan.LightGanGenerator;
import dev.fpa.trainer.model.painter.PainterGenerator;
import dev.fpa.trainer.checkpoint.Checkpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Exports a loaded generator to one self-describing ONNX file (opset 17, IR version 8): input {@code z} (N,
 * latent_dim) with a dynamic N, outputs {@code image} (clamped to [0,1]) and {@code raw} (N, C, S, S), optionally
 * {@code frames} (N, F, C, S, S); the painting steps are unrolled into a static graph. The LightGAN baseline also
 * takes its noise maps as inputs ({@code noise_0}, … of (N, 1, h, w)). The description the runtime needs is in
 * {@code metadata_props} ({@link ModelDescription}).
 */
public final class OnnxExporter {
    public static final int OPSET = 17;
    public static final int IR_VERSION = 8;
    public static final String PRODUCER = "fpa";
    private static final String NOISE_INPUT = "noise_";

    /** Where the weights came from, recorded in the metadata. */
    public record Provenance(String weights, long trainingStep, String sourceSha256, String producerVersion) {
    }

    private OnnxExporter() {
    }

    /**
     * Exports one section of a checkpoint.
     *
     * @param section {@link Checkpoint#EMA_GENERATOR} or {@link Checkpoint#GENERATOR}
     * @param sourceSha256 SHA-256 of the file the checkpoint was read from
     */
    public static ModelProto export(Checkpoint checkpoint, String section, boolean frames, String sourceSha256,
            String producerVersion) {
        long step = checkpoint.meta().step();
        try (CheckpointGenerator loaded = CheckpointGenerator.load(checkpoint, section)) {
            return export(loaded.generator(), frames, new Provenance(section, step, sourceSha256, producerVersion));
        }
    }

    /** Exports a generator whose parameters are initialised (loaded or random). */
    public static ModelProto export(ImageGenerator generator, boolean frames, Provenance provenance) {
        GeneratorConfig c = generator.config();
        int size = c.imageSize();
        int channels = c.channels();
        OnnxGraph g = new OnnxGraph(c.modelType());
        String z = g.input(ModelDescription.LATENTS, BATCH, c.latentDim());
        String raw;
        String frameOutput = null;
        int frameCount = 0;
        int steps = 0;
        List<String> noise = new ArrayList<>();
        if (generator instanceof PainterGenerator painter) {
            if (frames) {
                frameCount = painter.frameCount();
            }
            PainterEmitter.Outputs out = PainterEmitter.emit(g, painter, z, frames);
            raw = out.raw();
            frameOutput = out.frames();
            steps = c.numDecodingSteps();
        } else if (generator instanceof LightGanGenerator lightGan) {
            if (frames) {
                throw new IllegalArgumentException("model type " + c.modelType() + " does not paint step by step: "
                        + "it has no frames to export");
            }
            int layers = lightGan.numLayers();
            for (int k = 0; k < layers; k++) {
                // Up-block k doubles the side and ends at S / 2^(L−1−k), where its Noise layer acts.
                int side = size >> (layers - 1 - k);
                noise.add(g.input(NOISE_INPUT + k, BATCH, 1, side, side));
            }
            raw = LightGanEmitter.emit(g, lightGan, z, noise);
        } else {
            throw new IllegalArgumentException("no ONNX export for " + generator.getClass().getSimpleName());
        }
        g.output(g.op("Clip", raw, g.scalar(0), g.scalar(1)), ModelDescription.IMAGE, BATCH, channels, size, size);
        g.output(raw, ModelDescription.RAW, BATCH, channels, size, size);
        if (frameOutput != null) {
            g.output(frameOutput, ModelDescription.FRAMES, BATCH, frameCount, channels, size, size);
        }
        ModelDescription description = new ModelDescription(c.modelType(), c.toJson().toString(), c.latentDim(),
                channels, size, steps, frameCount, provenance.weights(), provenance.trainingStep(),
                provenance.sourceSha256(), PRODUCER, provenance.producerVersion(), noise);
        return model(g.build(), "fpa " + c.modelType() + " generator, " + size + "x" + size + "x" + channels
                + " images from " + c.latentDim() + "-d latents", provenance.producerVersion(),
                description.toMetadata());
    }

    /** A model of fpa's opset and IR version around {@code graph}, with {@code metadata} as its metadata_props. */
    public static ModelProto model(GraphProto graph, String docString, String producerVersion,
                                   Map<String, String> metadata) {
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName(PRODUCER)
                .setProducerVersion(producerVersion)
                .setDocString(docString)
                .setGraph(graph);
        metadata.forEach((k, v) ->
                model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build();
    }

    public static void write(ModelProto model, Path file) throws IOException {
        AtomicFiles.write(file, model::writeTo);
    }
}
