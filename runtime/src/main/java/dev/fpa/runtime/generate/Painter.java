package dev.fpa.runtime.generate;

import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.ImageTensors;
import dev.fpa.runtime.latent.LatentSampler;
import dev.fpa.runtime.parallel.SubBatches;
import dev.fpa.runtime.zoo.ModelReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A generator exported by fpa, run with ONNX Runtime: images for seeds or latents, and the painting frames of
 * one sample. Everything it needs comes from the model's metadata ({@link ModelDescription}).
 *
 * <p>Images come from the graph without its frames' nodes ({@link GraphPruning}), opened at first use; frames from
 * the whole graph. Thread-safe: one session serves every thread, and each call splits its latents into batches of
 * at most {@link Options#batchSize()}, whose parts run at once on the CPU's workers ({@link SubBatches}). Models
 * that take noise maps (the LightGAN baseline) get them from the sample's seed, or from one noise seed for given
 * latents, so a sample never depends on its batch.
 */
public final class Painter implements ImageSampler {
    /**
     * Run-time choices: the device, ONNX Runtime's threads per operator (0: one when several workers share the
     * cores, else ONNX Runtime's default), the batch size, and the workers that each run a part of every batch
     * at once ({@link SubBatches}).
     */
    public record Options(Device device, int intraOpThreads, int batchSize, int workers) {
        public Options {
            if (intraOpThreads < 0 || batchSize < 1 || workers < 1) {
                throw new IllegalArgumentException("threads must be 0 or more, the batch size and the workers at "
                        + "least 1");
            }
        }

        /** One worker. */
        public Options(Device device, int intraOpThreads, int batchSize) {
            this(device, intraOpThreads, batchSize, 1);
        }

        /** The threads each ONNX Runtime operator gets. */
        int threadsPerOperator() {
            return intraOpThreads == 0 && workers > 1 ? 1 : intraOpThreads;
        }
    }

    /**
     * Samples per part below which a batch is not split further: a part's fixed cost (its own Run call, the small
     * first matrix products) must stay small next to its arithmetic. Measured with {@code fpa bench generate}.
     */
    static final int MIN_PART = 4;

    /**
     * Generated images: {@code images} clamped to [0,1] (what gets saved) and {@code raw} (the generator output
     * before the clamp), both (count, C, S, S) row-major.
     */
    public record Images(float[] images, float[] raw, int count, int channels, int size) {
        /** Image i quantised to 8 bits. */
        public ImageData image(int i) {
            return ImageTensors.fromTensor(images, i * channels * size * size, channels, size, size);
        }
    }

    /** The whole graph: frames, and image and raw where the graph has no frames. */
    private final OnnxSession session;
    /**
     * The model's bytes, kept until the graph without its frames is made from them at the first image (null: no
     * frames to prune, or already pruned); guarded by {@code this}.
     */
    private byte[] withFrames;
    /** The session of the graph without its frames' nodes, opened when first needed; guarded by {@code this}. */
    private OnnxSession imageSession;
    private final String origin;
    private final ModelDescription description;
    private final Options options;
    /** The declared shape of each noise input (dynamic batch first), in input order. */
    private final Map<String, long[]> noiseShapes = new LinkedHashMap<>();
    private final SubBatches parts;

    private Painter(OnnxSession session, byte[] model, String origin, ModelDescription description,
            Options options) throws IOException {
        this.session = session;
        this.withFrames = description.hasFrames() ? model : null;
        // ONNX Runtime runs concurrent Run calls on one session; one session per worker measured no faster.
        int workers = session.device().kind() == Device.Kind.CPU ? options.workers() : 1;
        this.origin = origin;
        this.description = description;
        this.options = options;
        // A GPU runs a batch whole; splitting is for the cores.
        this.parts = new SubBatches(workers, MIN_PART);
        for (String name : description.noiseInputs()) {
            noiseShapes.put(name, session.inputShape(name));
        }
    }

    /** A model from a file path, a URL (file:, http:, https:, jar:) or a zoo name ({@code zoo:NAME}). */
    public static Painter open(String model, Options options) throws IOException {
        return open(ModelReference.read(model), options);
    }

    public static Painter open(Path file, Options options) throws IOException {
        return open(ModelReference.read(file), options);
    }

    private static Painter open(ModelReference model, Options options) throws IOException {
        return open(model.bytes(), model.origin(), options);
    }

    /**
     * A model from its bytes; {@code origin} names it in error messages. Its metadata must agree with its graph
     * ({@link GraphContract}), since the metadata sizes every array.
     */
    public static Painter open(byte[] model, String origin, Options options) throws IOException {
        OnnxSession session;
        try {
            session = OnnxSession.open(model, options.device(), options.threadsPerOperator());
        } catch (IOException e) {
            throw new IOException(origin + ": " + e.getMessage(), e);
        }
        try {
            ModelDescription description = ModelDescription.fromMetadata(session.metadata());
            GraphContract.require(description, session.inputInfo(), session.outputInfo());
            return new Painter(session, model, origin, description, options);
        } catch (IllegalArgumentException | IOException e) {
            session.close();
            throw new IOException(origin + ": " + e.getMessage(), e);
        }
    }

    public ModelDescription description() {
        return description;
    }

    public Device device() {
        return session.device();
    }

    /** The declared shape of each noise input (dynamic batch first), in input order; empty for painters. */
    public Map<String, long[]> noiseShapes() {
        Map<String, long[]> copy = new LinkedHashMap<>();
        noiseShapes.forEach((name, shape) -> copy.put(name, shape.clone()));
        return copy;
    }

    /** One line for the user when {@code --device auto} fell back to the CPU. */
    public Optional<String> fallbackNote() {
        return session.fallbackNote();
    }

    @Override
    public Shape shape() {
        return new Shape(description.modelType(), description.latentDim(), description.channels(),
                description.imageSize(), description.hasFrames() ? description.frames() : 0);
    }

    @Override
    public String label() {
        return description.weights() + " on ONNX Runtime, " + device();
    }

    @Override
    public float[] sample(long[] seeds) {
        Inputs in = inputsFor(seeds);
        return raw(in.latents(), in.noise(), in.count());
    }

    @Override
    public LatentBatches fromLatents(long noiseSeed) {
        LatentSampler noise = noiseStream(noiseSeed);
        return (latents, n) -> {
            checkLatents(latents, n);
            return raw(latents, noise.next(n, noiseValuesPerSample()), n);
        };
    }

    /**
     * What the model is run on for {@code count} samples: row-major latents and each sample's noise values (all its
     * noise inputs, in input order; none for painters). Inputs of several requests concatenate into one batch.
     */
    public record Inputs(float[] latents, float[] noise, int count) {
    }

    /** One sample per seed: latent and noise from that seed alone. */
    public Images generate(long[] seeds) {
        return generate(inputsFor(seeds));
    }

    /** The inputs of {@link #generate(long[])}. */
    public Inputs inputsFor(long[] seeds) {
        int dim = description.latentDim();
        int noise = noiseValuesPerSample();
        float[] latents = new float[Math.multiplyExact(seeds.length, dim)];
        float[] noiseMaps = new float[Math.multiplyExact(seeds.length, noise)];
        for (int i = 0; i < seeds.length; i++) {
            LatentSampler stream = new LatentSampler(seeds[i]);
            System.arraycopy(stream.next(1, dim), 0, latents, i * dim, dim);
            System.arraycopy(stream.next(1, noise), 0, noiseMaps, i * noise, noise);
        }
        return new Inputs(latents, noiseMaps, seeds.length);
    }

    /** The inputs of {@link #generate(float[], int, long)}. */
    public Inputs inputsFor(float[] latents, int n, long noiseSeed) {
        checkLatents(latents, n);
        return new Inputs(latents, noiseStream(noiseSeed).next(n, noiseValuesPerSample()), n);
    }

    /** Images for inputs made by {@link #inputsFor}, alone or concatenated. */
    public Images generate(Inputs inputs) {
        checkLatents(inputs.latents(), inputs.count());
        if (inputs.noise().length != (long) inputs.count() * noiseValuesPerSample()) {
            throw new IllegalArgumentException("expected " + noiseValuesPerSample() + " noise values per sample");
        }
        return generate(inputs.latents(), inputs.noise(), inputs.count());
    }

    /**
     * Images for row-major latents (n, latent_dim). Noise maps, if the model takes any, come in sample order from a
     * stream derived from {@code noiseSeed}: seeded with that seed's first number, so latents drawn from the same
     * seed are not replayed as noise.
     */
    public Images generate(float[] latents, int n, long noiseSeed) {
        return generate(latents, n, noiseStream(noiseSeed));
    }

    /**
     * Images for row-major latents with noise maps taken from {@code noise}; successive calls with the same stream
     * give the images one call for all the latents would give, so large requests can go batch by batch.
     */
    public Images generate(float[] latents, int n, LatentSampler noise) {
        checkLatents(latents, n);
        return generate(latents, noise.next(n, noiseValuesPerSample()), n);
    }

    /** The noise stream of {@link #generate(float[], int, long)}: seeded with the seed's first number. */
    public static LatentSampler noiseStream(long noiseSeed) {
        return new LatentSampler(new LatentSampler(noiseSeed).nextLong());
    }

    /**
     * The painting frames (n, F, C, S, S) for row-major latents (n, latent_dim): the T rank-1 updates then the
     * T partial images, each rescaled to the norm of the final painting (DESIGN.md §4.5), plus the U-Net column of
     * each row for U-Net models; raw values before any clamp.
     */
    @Override
    public float[] frames(float[] latents, int n) {
        checkLatents(latents, n);
        if (!description.hasFrames()) {
            throw new IllegalArgumentException(description.steps() == 0
                    ? "model type " + description.modelType() + " does not paint step by step"
                    : "this model was exported without painting frames; export it again with --frames");
        }
        int per = description.frames() * description.imageValues();
        float[] out = new float[Math.multiplyExact(n, per)];
        inBatches(latents, new float[0], n, Set.of(ModelDescription.FRAMES),
                (start, result) -> copy(result.get(ModelDescription.FRAMES), out, start * per));
        return out;
    }

    /** The painting frames of one seed's sample, (F, C, S, S). */
    public float[] paint(long seed) {
        return frames(LatentSampler.sampleEach(new long[] {seed}, description.latentDim()), 1);
    }

    private Images generate(float[] latents, float[] noiseMaps, int n) {
        int per = description.imageValues();
        float[] images = new float[Math.multiplyExact(n, per)];
        float[] raw = new float[images.length];
        inBatches(latents, noiseMaps, n, Set.of(ModelDescription.IMAGE, ModelDescription.RAW), (start, result) -> {
            copy(result.get(ModelDescription.IMAGE), images, start * per);
            copy(result.get(ModelDescription.RAW), raw, start * per);
        });
        return new Images(images, raw, n, description.channels(), description.imageSize());
    }

    /** The raw output alone: samplers need no clamped copy, and the graph then skips computing one. */
    private float[] raw(float[] latents, float[] noiseMaps, int n) {
        int per = description.imageValues();
        float[] raw = new float[Math.multiplyExact(n, per)];
        inBatches(latents, noiseMaps, n, Set.of(ModelDescription.RAW),
                (start, result) -> copy(result.get(ModelDescription.RAW), raw, start * per));
        return raw;
    }

    private interface BatchResult {
        void accept(int start, Map<String, float[]> outputs);
    }

    /** How many parts a batch of {@code n} samples is run in at once. */
    public int partsPerBatch(int n) {
        return parts.parts(Math.min(n, options.batchSize()));
    }

    private void inBatches(float[] latents, float[] noiseMaps, int n, Set<String> outputs, BatchResult sink) {
        OnnxSession runner = outputs.contains(ModelDescription.FRAMES) ? session : imageSession();
        for (int start = 0; start < n; start += options.batchSize()) {
            int from = start;
            parts.run(Math.min(options.batchSize(), n - start), (part, offset, count) -> runPart(runner, latents,
                    noiseMaps, from + offset, count, outputs, sink));
        }
    }

    /**
     * The session for image and raw: the graph without its frames where it has them. Pruned at the first image, not
     * at {@link #open}, so that painting alone never parses the model a second time.
     */
    private synchronized OnnxSession imageSession() {
        if (imageSession == null && withFrames != null) {
            try {
                Optional<byte[]> pruned = GraphPruning.without(withFrames, ModelDescription.FRAMES);
                if (pruned.isPresent()) {
                    imageSession = OnnxSession.open(pruned.get(), session.device(), options.threadsPerOperator());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(origin + " without its frames: " + e.getMessage(), e);
            }
            withFrames = null;
        }
        return imageSession != null ? imageSession : session;
    }

    private void runPart(OnnxSession runner, float[] latents, float[] noiseMaps, int start, int b,
            Set<String> outputs, BatchResult sink) {
        int dim = description.latentDim();
        int noise = noiseValuesPerSample();
        Map<String, OnnxSession.Tensor> inputs = new LinkedHashMap<>();
        inputs.put(ModelDescription.LATENTS, new OnnxSession.Tensor(slice(latents, start * dim, b * dim),
                new long[] {b, dim}));
        if (outputs.contains(ModelDescription.IMAGE) || outputs.contains(ModelDescription.RAW)) {
            addNoise(inputs, noiseMaps, start * noise, b);
        }
        Map<String, float[]> result = runner.run(inputs, outputs);
        result.forEach((name, values) -> requireValues(name, values, b));
        sink.accept(start, result);
    }

    /** ONNX Runtime only warns when an output differs from its declared shape, so sizes are checked as they come. */
    private void requireValues(String output, float[] values, int batch) {
        long expected = (long) batch * description.imageValues()
                * (output.equals(ModelDescription.FRAMES) ? description.frames() : 1);
        if (values.length != expected) {
            throw new IllegalStateException(origin + ": the model's output " + output + " holds " + values.length
                    + " values for " + batch + " samples, not the " + expected + " its metadata states");
        }
    }

    /** Splits each sample's noise values into the model's noise inputs, in input order. */
    private void addNoise(Map<String, OnnxSession.Tensor> inputs, float[] noiseMaps, int offset, int b) {
        int perSample = noiseValuesPerSample();
        int within = 0;
        for (Map.Entry<String, long[]> e : noiseShapes.entrySet()) {
            int size = valuesPerSample(e.getValue());
            float[] values = new float[b * size];
            for (int i = 0; i < b; i++) {
                System.arraycopy(noiseMaps, offset + i * perSample + within, values, i * size, size);
            }
            long[] shape = e.getValue().clone();
            shape[0] = b;
            inputs.put(e.getKey(), new OnnxSession.Tensor(values, shape));
            within += size;
        }
    }

    private int noiseValuesPerSample() {
        return noiseShapes.values().stream().mapToInt(Painter::valuesPerSample).sum();
    }

    private static int valuesPerSample(long[] batchShape) {
        long n = 1;
        for (int i = 1; i < batchShape.length; i++) {
            n *= batchShape[i];
        }
        return Math.toIntExact(n);
    }

    private void checkLatents(float[] latents, int n) {
        if (n < 1 || latents.length != (long) n * description.latentDim()) {
            throw new IllegalArgumentException("expected " + n + " latents of size " + description.latentDim()
                    + ", got " + latents.length + " values");
        }
    }

    private static float[] slice(float[] values, int from, int length) {
        float[] out = new float[length];
        System.arraycopy(values, from, out, 0, length);
        return out;
    }

    private static void copy(float[] from, float[] to, int offset) {
        System.arraycopy(from, 0, to, offset, from.length);
    }

    @Override
    public synchronized void close() throws IOException {
        parts.close();
        session.close();
        if (imageSession != null) {
            imageSession.close();
        }
    }
}
