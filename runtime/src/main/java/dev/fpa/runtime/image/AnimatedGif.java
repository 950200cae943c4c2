package dev.fpa.runtime.image;

import dev.fpa.runtime.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes frames as an endlessly looping animated GIF. ImageIO's GIF writer is used because it comes with the JDK and
 * writes image sequences with per-frame delays, which Commons Imaging (single-image GIFs only) cannot. Frames go to
 * the writer as RGB and its palette builder picks each frame's 256 colours, which keeps every level of a grey frame
 * exact (a hand-made grey IndexColorModel came out recoloured).
 */
public final class AnimatedGif {
    private static final String FORMAT = "javax_imageio_gif_image_1.0";
    /** GIF delays count hundredths of a second. */
    private static final int MILLIS_PER_TICK = 10;

    private AnimatedGif() {
    }

    /** @param delayMillis how long each frame shows; the last one shows {@code lastDelayMillis} */
    public static void write(Path file, List<ImageData> frames, int delayMillis, int lastDelayMillis)
            throws IOException {
        AtomicFiles.write(file, encode(frames, delayMillis, lastDelayMillis));
    }

    /** The bytes of the GIF file {@link #write} writes; for answers over the network. */
    public static byte[] encode(List<ImageData> frames, int delayMillis, int lastDelayMillis) throws IOException {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("an animation needs at least one frame");
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < frames.size(); i++) {
                BufferedImage image = toBuffered(frames.get(i));
                int delay = i == frames.size() - 1 ? lastDelayMillis : delayMillis;
                IIOMetadata meta = frameMetadata(writer, image, delay, i == 0);
                writer.writeToSequence(new IIOImage(image, null, meta), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static IIOMetadata frameMetadata(ImageWriter writer, BufferedImage image, int delayMillis, boolean first)
            throws IIOInvalidTreeException {
        IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), null);
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(FORMAT);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(Math.max(1, delayMillis / MILLIS_PER_TICK)));
        control.setAttribute("transparentColorIndex", "0");
        if (first) {
            // The NETSCAPE2.0 extension with a loop count of 0: repeat forever.
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[] {1, 0, 0});
            child(root, "ApplicationExtensions").appendChild(app);
        }
        meta.setFromTree(FORMAT, root);
        return meta;
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equals(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }

    private static BufferedImage toBuffered(ImageData image) {
        ImageData rgb = ImageChannels.convert(image, 3);
        BufferedImage out = new BufferedImage(rgb.width(), rgb.height(), BufferedImage.TYPE_3BYTE_BGR);
        out.getRaster().setDataElements(0, 0, rgb.width(), rgb.height(), rgb.pixels());
        return out;
    }
}
