package dev.fpa.runtime.image;
import java.util.Arrays;
import java.util.Locale;

/**
 * Tiles a batch of CHW float images into one image the way torchvision's {@code make_grid} does:
 * {@code nrow} images per row, {@code padding} pixels around and between them filled with {@code padValue}.
 */
public final class ImageGrid {
    /** torchvision make_grid's default padding, which the official grids and figures use. */
    public static final int PADDING = 2;

    /** The longest side a grid may have: larger images are refused by common viewers and browsers' canvases. */
    public static final int MAX_SIDE = 16_384;

    private ImageGrid() {
    }

    /**
     * @param batch NCHW floats in [0,1] (values outside are clamped when quantised)
     * @return the quantised grid image
     */
    public static ImageData tile(float[] batch, int n, int channels, int height, int width,
                                 int nrow, int padding, float padValue) {
        checkFits(n, height, width, nrow, padding);
        int cols = Math.min(nrow, n);
        int rows = (n + cols - 1) / cols;
        int cellH = height + padding;
        int cellW = width + padding;
        int gridH = rows * cellH + padding;
        int gridW = cols * cellW + padding;
        float[] grid = new float[channels * gridH * gridW];
        Arrays.fill(grid, padValue);
        int image = height * width * channels;
        for (int k = 0; k < n; k++) {
            int top = (k / cols) * cellH + padding;
            int left = (k % cols) * cellW + padding;
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < height; y++) {
                    System.arraycopy(batch, k * image + (c * height + y) * width,
                            grid, (c * gridH + top + y) * gridW + left, width);
                }
            }
        }
        return ImageTensors.fromTensor(grid, 0, channels, gridH, gridW);
    }

    /**
     * Refuses, before any work, a grid no screen shows: more than {@link #MAX_SIDE} pixels on a side.
     *
     * @throws IllegalArgumentException naming the grid's size and what to change
     */
    public static void checkFits(int n, int height, int width, int nrow, int padding) {
        if (n <= 0) {
            throw new IllegalArgumentException("a grid needs at least one image");
        }
        if (nrow <= 0) {
            throw new IllegalArgumentException("a grid needs at least one image per row, got " + nrow);
        }
        long cols = Math.min(nrow, n);
        long rows = (n + cols - 1) / cols;
        long gridH = rows * (height + padding) + padding;
        long gridW = cols * (width + padding) + padding;
        if (gridH > MAX_SIDE || gridW > MAX_SIDE) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "a grid of %d images of %dx%d in rows of %d would be %dx%d pixels; at most %d a side: draw fewer "
                            + "images, change the images per row, or write them one by one", n, width, height,
                    cols, gridW, gridH, MAX_SIDE));
        }
    }
}
