package dev.fpa.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import java.util.random.RandomGenerator;

/**
 * The DiffAugment transforms of diff_augment.py (DESIGN.md §6.4), each differentiable in the images and drawing its
 * random parameters per sample from the given generator. The official command line uses cutout then translation;
 * color and the offsets are the extras the file also defines.
 */
public enum AugmentType {
    /** Brightness (+U(−½, ½)), saturation (×U(0, 2) around the channel mean) and contrast (×U(½, 3/2)). */
    COLOR {
        @Override
        NDArray apply(NDArray x, RandomGenerator random) {
            int b = batch(x);
            NDArray brightened = x.add(perSample(x, random, b, u -> u - 0.5));
            NDArray channelMean = brightened.mean(new int[] {1}, true);
            NDArray saturated = brightened.sub(channelMean).mul(perSample(x, random, b, u -> u * 2)).add(channelMean);
            // The engine reduces one axis at a time: the mean over (C, H, W) goes through a flat view.
            NDArray mean = saturated.reshape(b, -1).mean(new int[] {1}, true).reshape(b, 1, 1, 1);
            return saturated.sub(mean).mul(perSample(x, random, b, u -> u + 0.5)).add(mean);
        }
    },
    /**
     * Shifts each image by whole pixels, up to ⌊S/8 + ½⌋ each way on each axis; pixels that come from outside the
     * image are 0 (the official gather from a one-pixel zero border).
     */
    TRANSLATION {
        @Override
        NDArray apply(NDArray x, RandomGenerator random) {
            int b = batch(x);
            long h = x.getShape().get(2);
            long w = x.getShape().get(3);
            int maxY = (int) (h * TRANSLATION_RATIO + 0.5);
            int maxX = (int) (w * TRANSLATION_RATIO + 0.5);
            int[] dy = random.ints(b, -maxY, maxY + 1).toArray();
            int[] dx = random.ints(b, -maxX, maxX + 1).toArray();
            NDArray padded = x.pad(new Shape(maxX, maxX, maxY, maxY), 0);
            NDList shifted = new NDList();
            for (int i = 0; i < b; i++) {
                long top = maxY + dy[i];
                long left = maxX + dx[i];
                shifted.add(padded.get(i + ", :, " + top + ":" + (top + h) + ", " + left + ":" + (left + w)));
            }
            return NDArrays.stack(shifted);
        }
    },
    /** Blacks out one square of side ⌊S/2 + ½⌋ per image, centred anywhere (clipped to the image). */
    CUTOUT {
        @Override
        NDArray apply(NDArray x, RandomGenerator random) {
            int b = batch(x);
            int h = (int) x.getShape().get(2);
            int w = (int) x.getShape().get(3);
            int sizeY = (int) (h * CUTOUT_RATIO + 0.5);
            int sizeX = (int) (w * CUTOUT_RATIO + 0.5);
            int[] centreY = random.ints(b, 0, h + 1 - sizeY % 2).toArray();
            int[] centreX = random.ints(b, 0, w + 1 - sizeX % 2).toArray();
            float[] mask = new float[b * h * w];
            Arrays.fill(mask, 1f);
            for (int i = 0; i < b; i++) {
                int top = Math.max(0, centreY[i] - sizeY / 2);
                int bottom = Math.min(h, centreY[i] - sizeY / 2 + sizeY);
                int left = Math.max(0, centreX[i] - sizeX / 2);
                int right = Math.min(w, centreX[i] - sizeX / 2 + sizeX);
                for (int y = top; y < bottom; y++) {
                    Arrays.fill(mask, (i * h + y) * w + left, (i * h + y) * w + right, 0f);
                }
            }
            return x.mul(constant(x, mask, new Shape(b, 1, h, w)));
        }
    },
    /** Rolls each image (wrapping around) by an even offset in [−S, S] on both axes. */
    OFFSET {
        @Override
        NDArray apply(NDArray x, RandomGenerator random) {
            return roll(x, random, true, true);
        }
    },
    OFFSET_H {
        @Override
        NDArray apply(NDArray x, RandomGenerator random) {
            return roll(x, random, true, false);
        }
    },
    OFFSET_V {
        @Override
        NDArray apply(NDArray x, RandomGenerator random) {
            return roll(x, random, false, true);
        }
    };

    private static final double TRANSLATION_RATIO = 0.125;
    private static final double CUTOUT_RATIO = 0.5;

    abstract NDArray apply(NDArray x, RandomGenerator random);

    /** The official name ("cutout", "translation", "color", "offset", "offset_h", "offset_v"). */
    public String officialName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AugmentType parse(String name) {
        for (AugmentType t : values()) {
            if (t.officialName().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown augmentation type '" + name
                + "'; known: cutout, translation, color, offset, offset_h, offset_v");
    }

    private static int batch(NDArray x) {
        return Math.toIntExact(x.getShape().get(0));
    }

    /** One value per sample, f(u) with u ~ U(0, 1), shaped (B, 1, 1, 1) like torch.rand(B, 1, 1, 1). */
    private static NDArray perSample(NDArray x, RandomGenerator random, int b, DoubleUnaryOperator f) {
        float[] values = new float[b];
        for (int i = 0; i < b; i++) {
            values[i] = (float) f.applyAsDouble(random.nextFloat());
        }
        return constant(x, values, new Shape(b, 1, 1, 1));
    }

    private static NDArray constant(NDArray like, float[] values, Shape shape) {
        NDManager manager = like.getManager();
        return manager.create(values, shape).toType(like.getDataType(), false);
    }

    /**
     * rand_offset: per image, the width axis rolls by 2·U{0..S} − S (with horizontal) and the height axis likewise
     * (with vertical), as torch.roll on the (C, H, W) image.
     */
    private static NDArray roll(NDArray x, RandomGenerator random, boolean horizontal, boolean vertical) {
        int b = batch(x);
        int maxH = horizontal ? (int) x.getShape().get(3) : 0;
        int maxV = vertical ? (int) x.getShape().get(2) : 0;
        NDList rolled = new NDList();
        for (int i = 0; i < b; i++) {
            int byH = random.nextInt(maxH + 1) * 2 - maxH;
            int byV = random.nextInt(maxV + 1) * 2 - maxV;
            rolled.add(rollAxis(rollAxis(x.get(i), byH, 2), byV, 1));
        }
        return NDArrays.stack(rolled);
    }

    /** torch.roll of a (C, H, W) image along axis 1 or 2: element j moves to (j + shift) mod n. */
    private static NDArray rollAxis(NDArray image, int shift, int axis) {
        long n = image.getShape().get(axis);
        int s = (int) Math.floorMod(shift, n);
        if (s == 0) {
            return image;
        }
        String lead = axis == 1 ? ":, " : ":, :, ";
        return image.get(lead + (n - s) + ":").concat(image.get(lead + ":" + (n - s)), axis);
    }
}
