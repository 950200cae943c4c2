package dev.fpa.trainer.train;

import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.ImageEncoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A PNG chart of the losses over the steps (XChart): d_loss, g_loss, the reconstruction loss and the gradient
 * penalty, and FID on a second axis when the run computes it. Long runs are averaged into at most {@value #MAX_POINTS}
 * points per series, so the chart stays readable
 * and quick to draw.
 */
final class LossPlot {
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 600;
    private static final int MAX_POINTS = 1000;
    private static final List<String> SERIES = List.of(Metrics.D_LOSS, Metrics.G_LOSS, Metrics.AUX_LOSS, Metrics.GP);

    private LossPlot() {
    }

    static void write(Path file, List<Metrics> history, String title) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("step")
                .yAxisTitle("loss").build();
        chart.getStyler().setMarkerSize(0);
        for (String name : SERIES) {
            List<double[]> points = averaged(history, name);
            if (!points.isEmpty()) {
                XYSeries s = chart.addSeries(name, points.stream().mapToDouble(p -> p[0]).toArray(),
                        points.stream().mapToDouble(p -> p[1]).toArray());
                s.setMarker(SeriesMarkers.NONE);
            }
        }
        // FID has another scale than the losses: its own axis on the right.
        List<double[]> fid = averaged(history, Metrics.FID);
        if (!fid.isEmpty()) {
            XYSeries s = chart.addSeries("FID (EMA)", fid.stream().mapToDouble(p -> p[0]).toArray(),
                    fid.stream().mapToDouble(p -> p[1]).toArray());
            s.setYAxisGroup(1);
            s.setMarker(SeriesMarkers.CIRCLE);
            chart.setYAxisGroupTitle(1, "FID");
            chart.getStyler().setYAxisGroupPosition(1, org.knowm.xchart.style.Styler.YAxisPosition.Right);
        }
        ImageEncoder.writePng(file, toImage(BitmapEncoder.getBufferedImage(chart)));
    }

    /** (step, value) of the finite values of one series, averaged in equal runs of lines down to MAX_POINTS. */
    private static List<double[]> averaged(List<Metrics> history, String name) {
        int per = Math.max(1, (history.size() + MAX_POINTS - 1) / MAX_POINTS);
        List<double[]> points = new ArrayList<>();
        for (int start = 0; start < history.size(); start += per) {
            double stepSum = 0;
            double valueSum = 0;
            int n = 0;
            for (Metrics m : history.subList(start, Math.min(history.size(), start + per))) {
                double v = m.get(name);
                if (Double.isFinite(v)) {
                    stepSum += m.step();
                    valueSum += v;
                    n++;
                }
            }
            if (n > 0) {
                points.add(new double[] {stepSum / n, valueSum / n});
            }
        }
        return points;
    }

    private static ImageData toImage(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = image.getRGB(x, y);
                int i = (y * w + x) * 3;
                rgb[i] = (byte) (p >> 16);
                rgb[i + 1] = (byte) (p >> 8);
                rgb[i + 2] = (byte) p;
            }
        }
        return new ImageData(w, h, 3, rgb);
    }
}
