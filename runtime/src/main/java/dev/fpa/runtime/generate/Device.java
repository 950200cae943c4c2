package dev.fpa.runtime.generate;

import java.util.Locale;

/**
 * Where a model runs: {@code auto} (CUDA when this build of ONNX Runtime has it and a GPU answers, else the CPU),
 * {@code cpu}, or {@code cuda} / {@code cuda:i} (GPU i, failing when it cannot be used).
 */
public record Device(Kind kind, int gpu) {
    public enum Kind { AUTO, CPU, CUDA }

    public static final Device AUTO = new Device(Kind.AUTO, 0);
    public static final Device CPU = new Device(Kind.CPU, 0);

    public Device {
        if (gpu < 0) {
            throw new IllegalArgumentException("GPU index must be 0 or more, got " + gpu);
        }
    }

    /** auto, cpu, cuda or cuda:i (case-insensitive). */
    public static Device parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("auto")) {
            return AUTO;
        }
        if (t.equals("cpu")) {
            return CPU;
        }
        // gpu[:N] is accepted as well, as the DJL commands spell it
        if (t.equals("cuda") || t.equals("gpu")) {
            return new Device(Kind.CUDA, 0);
        }
        int colon = t.indexOf(':');
        if (colon > 0 && (t.startsWith("cuda:") || t.startsWith("gpu:"))) {
            try {
                return new Device(Kind.CUDA, Integer.parseInt(t.substring(colon + 1)));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("unknown device '" + text + "' (use auto, cpu, cuda[:N] or gpu[:N])");
    }

    @Override
    public String toString() {
        return kind == Kind.CUDA ? "cuda:" + gpu : kind.name().toLowerCase(Locale.ROOT);
    }
}
