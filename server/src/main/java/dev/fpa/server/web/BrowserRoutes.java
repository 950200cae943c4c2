package dev.fpa.server.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.runtime.generate.ModelDescription;
import dev.fpa.runtime.generate.Painter;
import dev.fpa.runtime.generate.SeedRange;
import dev.fpa.runtime.generate.Slerp;
import dev.fpa.runtime.image.AnimatedGif;
import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.ImageEncoder;
import dev.fpa.runtime.image.ImageGrid;
import dev.fpa.runtime.image.ImageZoom;
import dev.fpa.runtime.image.PaintingStrip;
import dev.fpa.runtime.latent.LatentSampler;
import dev.fpa.server.http.EventStream;
import dev.fpa.server.http.Exchange;
import dev.fpa.server.http.HttpError;
import dev.fpa.server.inference.ServedModel;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What people and browsers ask for: the model list, one sample, a grid, the painting as a strip or a GIF (as
 * {@code fpa paint} writes them), a walk between two seeds, the painting as Server-Sent Events (one event per
 * step with the picture so far, then the U-Net's result for U-Net models, then {@code done}), and the demo page.
 */
public final class BrowserRoutes {
    private static final String MODELS = "/models";
    private static final String PAGE = "/dev/fpa/server/web/index.html";
    private static final int MAX_ZOOM = 16;
    private static final int MAX_WALK_FRAMES = 64;
    /** Largest image answered, after zoom: 16 megapixels. */
    private static final long MAX_PIXELS = 16L << 20;
    /** How long the GIF holds the finished picture, in steps. */
    private static final int FINAL_HOLD = 10;

    private final Map<String, ServedModel> models;

    public BrowserRoutes(Map<String, ServedModel> models) {
        this.models = models;
    }

    /** The route name for metrics, or null when these routes do not answer the path. */
    public String route(String path) {
        if (path.equals("/") || path.equals("/index.html")) {
            return "page";
        }
        if (path.equals(MODELS)) {
            return "models";
        }
        if (path.startsWith(MODELS + "/")) {
            String rest = path.substring(path.lastIndexOf('/') + 1);
            return rest.isEmpty() ? null : rest.replace('.', '_');
        }
        return null;
    }

    public void handle(Exchange e) throws IOException {
        e.requireMethod("GET");
        String path = e.path();
        if (path.equals("/") || path.equals("/index.html")) {
            e.send(200, "text/html; charset=utf-8", page());
            return;
        }
        if (path.equals(MODELS)) {
            e.sendJson(200, list());
            return;
        }
        String[] parts = path.substring(MODELS.length() + 1).split("/");
        if (parts.length != 2) {
            throw new HttpError(HttpError.NOT_FOUND, "no such page: " + path);
        }
        ServedModel m = models.get(parts[0]);
        if (m == null) {
            throw new HttpError(HttpError.NOT_FOUND, "no model " + parts[0]);
        }
        int zoom = (int) e.longParam("zoom", 1, 1, MAX_ZOOM);
        switch (parts[1]) {
            case "image.png" -> e.send(200, "image/png", ImageEncoder.encodePng(zoomed(
                    samples(m, new long[] {seed(e)}).image(0), zoom)));
            case "grid.png" -> grid(e, m, zoom);
            case "painting.png" -> {
                ModelDescription d = paints(m);
                float pad = "GE".equals(d.weights()) ? PaintingStrip.EMA_PAD_VALUE : PaintingStrip.PAD_VALUE;
                ImageData strip = PaintingStrip.render(m.painter().paint(seed(e)), d.frames(), d.channels(),
                        d.imageSize(), pad);
                e.send(200, "image/png", ImageEncoder.encodePng(zoomed(strip, zoom)));
            }
            case "painting.gif" -> {
                int delay = (int) e.longParam("delay", 150, 10, 10_000);
                List<ImageData> steps = sequence(m, paints(m), seed(e)).stream().map(i -> zoomed(i, zoom)).toList();
                e.send(200, "image/gif", AnimatedGif.encode(steps, delay, delay * FINAL_HOLD));
            }
            case "walk.png" -> walk(e, m, zoom);
            case "paint" -> paintEvents(e, m, zoom);
            default -> throw new HttpError(HttpError.NOT_FOUND, "no such page: " + path);
        }
    }

    private ArrayNode list() {
        ArrayNode list = Exchange.JSON.createArrayNode();
        for (ServedModel m : models.values()) {
            ModelDescription d = m.description();
            ObjectNode o = list.addObject();
            o.put("name", m.name());
            o.put("model_type", d.modelType());
            o.put("image_size", d.imageSize());
            o.put("channels", d.channels());
            o.put("latent_dim", d.latentDim());
            o.put("painting_steps", d.steps());
            o.put("frames", d.hasFrames() ? d.frames() : 0);
            o.put("training_step", d.trainingStep());
            o.put("summary", m.summary());
        }
        return list;
    }

    private void grid(Exchange e, ServedModel m, int zoom) throws IOException {
        SeedRange range;
        try {
            range = SeedRange.parse(e.param("seeds", "0-15"));
        } catch (IllegalArgumentException ex) {
            throw new HttpError(HttpError.BAD_REQUEST, ex.getMessage());
        }
        int max = m.batcher().limits().maxRequestImages();
        if (range.count() > max) {
            throw new HttpError(HttpError.TOO_LARGE, "a grid may hold at most " + max + " images");
        }
        int nrow = (int) e.longParam("nrow", 8, 1, max);
        ModelDescription d = m.description();
        int n = (int) range.count();
        ImageGrid.checkFits(n, d.imageSize(), d.imageSize(), nrow, ImageGrid.PADDING);
        Painter.Images images = samples(m, range.slice(0, n));
        ImageData grid = ImageGrid.tile(images.images(), n, d.channels(), d.imageSize(), d.imageSize(), nrow,
                ImageGrid.PADDING, 0f);
        e.send(200, "image/png", ImageEncoder.encodePng(zoomed(grid, zoom)));
    }

    /** A strip of images along the great circle from one seed's latent to another's. */
    private void walk(Exchange e, ServedModel m, int zoom) throws IOException {
        ModelDescription d = m.description();
        long from = e.longParam("from", 0, 0, Long.MAX_VALUE);
        long to = e.longParam("to", 1, 0, Long.MAX_VALUE);
        int frames = (int) e.longParam("frames", 8, 2, MAX_WALK_FRAMES);
        float[] ends = LatentSampler.sampleEach(new long[] {from, to}, d.latentDim());
        float[] latents = Slerp.walk(ends, 2, d.latentDim(), frames - 1);
        int n = latents.length / d.latentDim();
        Painter.Images images = m.batcher().generate(m.painter().inputsFor(latents, n, from));
        ImageData strip = ImageGrid.tile(images.images(), n, d.channels(), d.imageSize(), d.imageSize(), n,
                ImageGrid.PADDING, 0f);
        e.send(200, "image/png", ImageEncoder.encodePng(zoomed(strip, zoom)));
    }

    private void paintEvents(Exchange e, ServedModel m, int zoom) throws IOException {
        ModelDescription d = paints(m);
        long seed = seed(e);
        long delay = e.longParam("delay", 120, 0, 5_000);
        List<ImageData> sequence = sequence(m, d, seed);
        try (EventStream events = e.events()) {
            for (int i = 0; i < sequence.size(); i++) {
                boolean unet = i >= d.steps();
                ObjectNode data = Exchange.JSON.createObjectNode();
                data.put("seed", seed);
                data.put("step", Math.min(i + 1, d.steps()));
                data.put("of", d.steps());
                data.put("image", "data:image/png;base64," + Base64.getEncoder().encodeToString(
                        ImageEncoder.encodePng(zoomed(sequence.get(i), zoom))));
                events.send(unet ? "unet" : "step", Exchange.JSON.writeValueAsString(data));
                pause(delay);
            }
            events.send("done", "{\"seed\": " + seed + "}");
        }
    }

    /** Enlarged by {@code zoom}, refused (413) beyond {@link #MAX_PIXELS}: a large grid times a large zoom. */
    private static ImageData zoomed(ImageData image, int zoom) {
        if ((long) image.width() * image.height() * zoom * zoom > MAX_PIXELS) {
            throw new HttpError(HttpError.TOO_LARGE, "a " + image.width() + "x" + image.height() + " image at zoom "
                    + zoom + " exceeds " + MAX_PIXELS + " pixels; lower zoom or ask for fewer images");
        }
        return ImageZoom.nearest(image, zoom);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** @param d the model's description, once {@link #paints} accepted it */
    private static List<ImageData> sequence(ServedModel m, ModelDescription d, long seed) {
        return PaintingStrip.paintingSequence(m.painter().paint(seed), d.frames(), d.channels(), d.imageSize());
    }

    private static ModelDescription paints(ServedModel m) {
        ModelDescription d = m.description();
        if (!d.hasFrames()) {
            throw new HttpError(HttpError.BAD_REQUEST, "model " + m.name() + " (" + d.modelType()
                    + ") does not paint step by step");
        }
        return d;
    }

    private static long seed(Exchange e) {
        return e.longParam("seed", 0, 0, Long.MAX_VALUE);
    }

    private static Painter.Images samples(ServedModel m, long[] seeds) {
        return m.batcher().generate(m.painter().inputsFor(seeds));
    }

    private static byte[] page() throws IOException {
        try (InputStream in = BrowserRoutes.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IOException("the demo page " + PAGE + " is missing from this build");
            }
            return in.readAllBytes();
        }
    }
}
