package dev.fpa.runtime.zoo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A model card's Markdown, rendered from its JSON twin so the two never disagree: a title, the summary, then one
 * section per top-level object (architecture, data, training, evaluation, …) as a table of its fields, and text
 * fields (intended use, limitations, license) as paragraphs. A section's {@code plot} image is shown below it.
 */
public final class ModelCard {
    /** A section's field naming an image beside the card (the training curves), shown below its table. */
    private static final String PLOT = "plot";

    private ModelCard() {
    }

    public static String markdown(JsonNode card) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(card.path("name").asText()).append("\n\n");
        if (card.hasNonNull("summary")) {
            md.append(card.get("summary").asText()).append("\n\n");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = card.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (key.equals("name") || key.equals("summary")) {
                continue;
            }
            md.append("## ").append(title(key)).append("\n\n");
            if (value.isObject()) {
                md.append("| field | value |\n|---|---|\n");
                value.fields().forEachRemaining(e -> md.append("| ").append(e.getKey()).append(" | ")
                        .append(cell(e.getValue())).append(" |\n"));
                if (value.path(PLOT).isTextual()) {
                    md.append("\n![").append(title(key)).append("](").append(value.get(PLOT).asText()).append(")\n");
                }
            } else {
                md.append(value.isTextual() ? value.asText() : value.toString());
                md.append('\n');
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static String title(String key) {
        String words = key.replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static String cell(JsonNode v) {
        String text = v.isTextual() ? v.asText() : v.toString();
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
