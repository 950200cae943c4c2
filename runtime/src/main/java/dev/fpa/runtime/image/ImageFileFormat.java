package dev.fpa.runtime.image;

import java.util.Locale;

/** The two formats fpa writes. */
public enum ImageFileFormat {
    PNG("png"), JPEG("jpg");

    private final String extension;

    ImageFileFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    /** png or jpg/jpeg, case-insensitive. */
    public static ImageFileFormat parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "png" -> PNG;
            case "jpg", "jpeg" -> JPEG;
            default -> throw new IllegalArgumentException("unknown image format '" + name + "' (use png or jpg)");
        };
    }

    public static ImageFileFormat fromFileName(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? PNG : parse(name.substring(dot + 1));
    }
}
