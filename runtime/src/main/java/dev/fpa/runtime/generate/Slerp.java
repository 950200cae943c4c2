package dev.fpa.runtime.generate;

/**
 * Spherical interpolation of latents: Gaussian latents concentrate near a sphere, so walking along great circles
 * keeps every intermediate latent as typical as the end points (a straight line would pass through smaller norms).
 */
public final class Slerp {
    /** Below this angle between two latents the arc is a line for float32, and the sine would divide by ~0. */
    private static final double MIN_ANGLE = 1e-6;

    private Slerp() {
    }

    /** The point at fraction t ∈ [0, 1] of the arc from a to b (t = 0 gives a, t = 1 gives b). */
    public static float[] between(float[] a, float[] b, double t) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("latents of sizes " + a.length + " and " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        double cos = Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)));
        double angle = Math.acos(cos);
        double wa;
        double wb;
        if (angle < MIN_ANGLE) {
            wa = 1 - t;
            wb = t;
        } else {
            wa = Math.sin((1 - t) * angle) / Math.sin(angle);
            wb = Math.sin(t * angle) / Math.sin(angle);
        }
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) (wa * a[i] + wb * b[i]);
        }
        return out;
    }

    /**
     * A walk through row-major latents (count, dim): {@code framesPerStep} points on the arc from each latent to the
     * next (starting at the first), then the last latent; (count − 1)·framesPerStep + 1 rows in all.
     */
    public static float[] walk(float[] latents, int count, int dim, int framesPerStep) {
        if (count < 2 || framesPerStep < 1 || latents.length != (long) count * dim) {
            throw new IllegalArgumentException("a walk needs at least two latents of size " + dim
                    + " and at least one frame per step");
        }
        int rows = (count - 1) * framesPerStep + 1;
        float[] out = new float[Math.multiplyExact(rows, dim)];
        for (int k = 0; k + 1 < count; k++) {
            float[] a = row(latents, k, dim);
            float[] b = row(latents, k + 1, dim);
            for (int f = 0; f < framesPerStep; f++) {
                System.arraycopy(between(a, b, (double) f / framesPerStep), 0, out, (k * framesPerStep + f) * dim, dim);
            }
        }
        System.arraycopy(latents, (count - 1) * dim, out, (rows - 1) * dim, dim);
        return out;
    }

    private static float[] row(float[] values, int i, int dim) {
        float[] r = new float[dim];
        System.arraycopy(values, i * dim, r, 0, dim);
        return r;
    }
}
