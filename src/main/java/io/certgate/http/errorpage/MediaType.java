package io.certgate.http.errorpage;

import java.util.Locale;

/** The three body formats, chosen from {@code Accept} by quality, HTML winning ties. */
public enum MediaType {
    HTML("text/html; charset=utf-8"),
    JSON("application/json"),
    TEXT("text/plain; charset=utf-8");

    private final String contentType;

    MediaType(String contentType) {
        this.contentType = contentType;
    }

    /** The Content-Type header value. */
    public String contentType() {
        return contentType;
    }

    /** Plain text for {@code *&#47;*} and missing Accept (curl), HTML for browsers, JSON when asked. */
    public static MediaType preferred(String accept) {
        if (accept == null || accept.isBlank()) {
            return TEXT;
        }
        double html = 0;
        double json = 0;
        double text = 0;
        for (String part : accept.split(",")) {
            String[] pieces = part.trim().split(";");
            String range = pieces[0].trim().toLowerCase(Locale.ROOT);
            double q = 1.0;
            for (int i = 1; i < pieces.length; i++) {
                String parameter = pieces[i].trim();
                if (parameter.toLowerCase(Locale.ROOT).startsWith("q=")) {
                    try {
                        q = Double.parseDouble(parameter.substring(2));
                    } catch (NumberFormatException ignored) {
                        q = 0;
                    }
                }
            }
            switch (range) {
                case "text/html", "application/xhtml+xml" -> html = Math.max(html, q);
                case "application/json", "application/problem+json" -> json = Math.max(json, q);
                case "text/plain" -> text = Math.max(text, q);
                default -> { }
            }
        }
        if (json > 0 && json > html && json >= text) {
            return JSON;
        }
        if (html > 0 && html >= text) {
            return HTML;
        }
        return TEXT;
    }
}
