package dev.fpa.runtime.image;

import java.util.ArrayList;
import java.util.List;

/**
 * The paper's painting figure from a sample's frames (DESIGN.md §4.5): the frames come as two equally long rows, the
 * normalised rank-1 updates then the partial images (each row ending in its U-Net column for U-Net models); the
 * figure shows them left to right, updates on top, with make_grid's padding.
 */
public final class PaintingStrip {
    /** The official pad values: mid-grey for the EMA generator's figure, black for the trained one's. */
    public static final float EMA_PAD_VALUE = 0.5f;
    public static final float PAD_VALUE = 0f;

    private PaintingStrip() {
    }

    /** @param frames (F, C, S, S) values; clamped to [0,1] when quantised */
    public static ImageData render(float[] frames, int frameCount, int channels, int size, float padValue) {
        return ImageGrid.tile(frames, frameCount, channels, size, size, perRow(frameCount), ImageGrid.PADDING,
                padValue);
    }

    /** The partial images (the second row) in painting order: the picture after each step. */
    public static List<ImageData> paintingSequence(float[] frames, int frameCount, int channels, int size) {
        int per = channels * size * size;
        List<ImageData> out = new ArrayList<>();
        for (int f = perRow(frameCount); f < frameCount; f++) {
            out.add(ImageTensors.fromTensor(frames, f * per, channels, size, size));
        }
        return out;
    }

    private static int perRow(int frameCount) {
        if (frameCount < 2 || frameCount % 2 != 0) {
            throw new IllegalArgumentException("painting frames come in two equal rows, got " + frameCount);
        }
        return frameCount / 2;
    }
}
