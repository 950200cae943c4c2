package dev.fpa.runtime.generate;

import dev.fpa.runtime.latent.LatentSampler;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * A generator graph that fpa did not export (say, torch.onnx's export of the official generator): one latent input
 * (N, latent_dim) and an image output (N, C, S, S) taken as the first of each, with no metadata and no frames. It
 * lets such a graph be timed and sampled beside fpa's own.
 */
public final class ForeignGraphSampler implements ImageSampler {
    private final OnnxSession session;
    private final String origin;
    private final String input;
    private final String output;
    private final Shape shape;

    private ForeignGraphSampler(OnnxSession session, String origin) throws IOException {
        this.session = session;
        this.origin = origin;
        this.input = session.inputNames().iterator().next();
        this.output = session.outputNames().iterator().next();
        long[] in = session.inputShape(input);
        long[] out = session.outputShape(output);
        if (in.length != 2 || out.length != 4 || in[1] < 1 || out[1] < 1 || out[2] < 1 || out[2] != out[3]) {
            throw new IOException(origin + ": expected a latent input (N, D) and a square image output (N, C, S, S)");
        }
        this.shape = new Shape("foreign", (int) in[1], (int) out[1], (int) out[2], 0);
    }

    /** Opens the graph with ONNX Runtime; {@code intraOpThreads} 0 takes its default. */
    public static ForeignGraphSampler open(byte[] model, String origin, Device device, int intraOpThreads)
            throws IOException {
        OnnxSession session = OnnxSession.open(model, device, intraOpThreads);
        try {
            return new ForeignGraphSampler(session, origin);
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public String label() {
        return origin + " on ONNX Runtime, " + session.device();
    }

    @Override
    public float[] sample(long[] seeds) {
        return run(LatentSampler.sampleEach(seeds, shape.latentDim()), seeds.length);
    }

    @Override
    public LatentBatches fromLatents(long noiseSeed) {
        return this::run;
    }

    @Override
    public float[] frames(float[] latents, int n) {
        throw new IllegalArgumentException(origin + " has no painting frames");
    }

    private float[] run(float[] latents, int n) {
        return session.run(Map.of(input, new OnnxSession.Tensor(latents, new long[] {n, shape.latentDim()})),
                Set.of(output)).get(output);
    }

    @Override
    public void close() throws IOException {
        session.close();
    }
}
