package dev.fpa.trainer.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one iteration measured, by name: the losses (official names d_loss, g_loss, … where they exist), ms per
 * iteration and resident memory. NaN means "not measured at this step" (no penalty on this step, say).
 */
public record Metrics(long step, Map<String, Double> values) {
    public static final String D_LOSS = "d_loss";
    public static final String G_LOSS = "g_loss";
    public static final String GP = "gp";
    public static final String AUX_LOSS = "aux_loss";
    /** FID of the EMA generator, at the steps that compute it. */
    public static final String FID = "fid";

    public Metrics {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static Metrics of(long step, GanStep.Losses losses, double millis, double residentMegabytes, double fid) {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put(D_LOSS, losses.dLoss());
        v.put("d_loss32", losses.dLoss32());
        v.put(AUX_LOSS, losses.reconstruction());
        v.put(GP, losses.penalty());
        v.put("d_total", losses.dTotal());
        v.put(G_LOSS, losses.gLoss());
        v.put("g_loss32", losses.gLoss32());
        v.put("match_loss", losses.match());
        v.put("g_total", losses.gTotal());
        v.put("ms", millis);
        v.put("rss_mb", residentMegabytes);
        v.put(FID, fid);
        return new Metrics(step, v);
    }

    public double get(String name) {
        return values.getOrDefault(name, Double.NaN);
    }
}
