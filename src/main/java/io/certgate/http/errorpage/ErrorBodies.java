package io.certgate.http.errorpage;

import io.certgate.config.ErrorPagesConfig;
import io.certgate.x509.CertificateFacts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An {@link ErrorPage} as bytes: certgate's own HTML page (or the administrator's template),
 * JSON, or plain text. Every value is escaped for its format; none reaches a header.
 *
 * <p>certgate's page is self-contained, so that it renders where nothing else can be fetched
 * (the person has no certificate, after all): inline CSS allowed by its hash, no script, no
 * image, {@code <link rel="icon" href="data:,">} so that the browser does not ask for
 * {@code /favicon.ico} (which would be refused again), a viewport for phones, and colours for
 * light and dark ({@code prefers-color-scheme}).
 */
public final class ErrorBodies {

    /** A body and the Content-Type and Content-Security-Policy that go with it. */
    public record Body(byte[] bytes, String contentType, String contentSecurityPolicy) {
    }

    static final String STYLE = ":root{color-scheme:light dark;--bg:#f6f7f9;--card:#fff;--fg:#1d2330;--muted:#5b6473;"
            + "--line:#d9dde4;--accent:#b42318;--code:#eef0f4}"
            + "@media (prefers-color-scheme:dark){:root{--bg:#14171c;--card:#1d2128;--fg:#e6e9ef;--muted:#a3abb8;"
            + "--line:#323844;--accent:#ff8a7a;--code:#262b34}}"
            + "*{box-sizing:border-box}"
            + "body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,\"Segoe UI\","
            + "Roboto,sans-serif;-webkit-text-size-adjust:100%}"
            + "main{max-width:44rem;margin:0 auto;padding:1.25rem}"
            + "article{background:var(--card);border:1px solid var(--line);border-top:4px solid var(--accent);"
            + "border-radius:8px;padding:1.25rem 1.5rem}"
            + ".code{margin:0;color:var(--accent);font-weight:600;letter-spacing:.02em}"
            + "h1{font-size:1.5rem;line-height:1.25;margin:.25rem 0 .75rem}"
            + "h2{font-size:1.05rem;margin:1.25rem 0 .25rem}"
            + "p,li{overflow-wrap:anywhere}ul{padding-left:1.25rem;margin:.25rem 0}li{margin:.25rem 0}"
            + ".detail{background:var(--code);border-radius:6px;padding:.5rem .75rem}"
            + "dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem .75rem;margin:.25rem 0}"
            + "dt{color:var(--muted)}dd{margin:0;overflow-wrap:anywhere}"
            + "code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;"
            + "background:var(--code);border-radius:4px;padding:0 .25em}"
            + "footer{margin-top:1.25rem;padding-top:.75rem;border-top:1px solid var(--line);color:var(--muted);"
            + "font-size:.875rem}"
            + "@media (max-width:30rem){main{padding:.5rem}article{padding:1rem}dl{grid-template-columns:1fr}"
            + "dd{margin-bottom:.5rem}}";

    /**
     * The policy of certgate's own page: nothing may load but its own style (by hash) and the
     * empty {@code data:} icon; it may not be framed (clickjacking) or post anywhere.
     */
    static final String OWN_PAGE_POLICY = "default-src 'none'; style-src '" + sha256(STYLE) + "'; img-src data:;"
            + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /** An administrator's template may carry inline CSS of its own; scripts and fetches stay forbidden. */
    static final String TEMPLATE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:;"
            + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /** JSON and text are never rendered as a document; the policy keeps them inert if they are. */
    static final String DATA_POLICY = "default-src 'none'; frame-ancestors 'none'";

    private static final DateTimeFormatter SHOWN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(java.time.ZoneOffset.UTC);

    private ErrorBodies() {
    }

    /** The body in {@code type}; HTML from {@code template} when the administrator supplied one. */
    public static Body render(ErrorPage page, MediaType type, Optional<String> template) {
        return switch (type) {
            case JSON -> new Body(utf8(json(page)), type.contentType(), DATA_POLICY);
            case TEXT -> new Body(utf8(text(page)), type.contentType(), DATA_POLICY);
            case HTML -> template.isPresent()
                    ? new Body(utf8(fill(template.get(), page)), type.contentType(), TEMPLATE_POLICY)
                    : new Body(utf8(html(page)), type.contentType(), OWN_PAGE_POLICY);
        };
    }

    static String text(ErrorPage page) {
        StringBuilder out = new StringBuilder(512);
        out.append(page.code()).append(' ').append(page.reason().isEmpty() ? page.title() : page.reason()).append('\n');
        if (!page.detail().isEmpty()) {
            out.append(page.detail()).append('\n');
        }
        out.append('\n').append(page.summary()).append('\n');
        certificateLines(page).forEach(line -> out.append(line).append('\n'));
        if (!page.acceptedAuthorities().isEmpty()) {
            out.append("Certificate authorities this site accepts:\n");
            page.acceptedAuthorities().forEach(name -> out.append("  ").append(name).append('\n'));
        }
        list(out, "Most likely causes:", page.likelyCauses());
        list(out, "Things you can try:", page.tryThis());
        out.append("\nRequest ID: ").append(page.requestId()).append("  Time: ").append(SHOWN_TIME.format(page.time()))
                .append('\n');
        return out.toString();
    }

    private static void list(StringBuilder out, String heading, List<String> items) {
        if (!items.isEmpty()) {
            out.append('\n').append(heading).append('\n');
            items.forEach(item -> out.append("  - ").append(item).append('\n'));
        }
    }

    private static List<String> certificateLines(ErrorPage page) {
        if (page.certificate().isEmpty()) {
            return List.of();
        }
        CertificateFacts c = page.certificate().get();
        return List.of("The certificate sent:", "  Subject: " + c.subject().rfc4514(), "  Issuer: " + c.issuer().rfc4514(),
                "  Valid from " + instant(c.notBefore()) + " to " + instant(c.notAfter()), "  Serial: " + c.serialHex());
    }

    static String json(ErrorPage page) {
        StringBuilder json = new StringBuilder(1024).append("{\"status\":").append(page.status())
                .append(",\"substatus\":").append(page.substatus());
        if (!page.reason().isEmpty()) {
            json.append(",\"reason\":").append(jsonString(page.reason()));
        }
        json.append(",\"title\":").append(jsonString(page.title()));
        json.append(",\"summary\":").append(jsonString(page.summary()));
        if (!page.detail().isEmpty()) {
            json.append(",\"detail\":").append(jsonString(page.detail()));
        }
        json.append(",\"likelyCauses\":");
        jsonArray(json, page.likelyCauses());
        json.append(",\"tryThis\":");
        jsonArray(json, page.tryThis());
        page.certificate().ifPresent(c -> json.append(",\"certificate\":{\"subject\":").append(jsonString(c.subject().rfc4514()))
                .append(",\"issuer\":").append(jsonString(c.issuer().rfc4514()))
                .append(",\"notBefore\":").append(jsonString(instant(c.notBefore())))
                .append(",\"notAfter\":").append(jsonString(instant(c.notAfter())))
                .append(",\"serial\":").append(jsonString(c.serialHex())).append('}'));
        if (!page.acceptedAuthorities().isEmpty()) {
            json.append(",\"acceptedAuthorities\":");
            jsonArray(json, page.acceptedAuthorities());
        }
        json.append(",\"requestId\":").append(jsonString(page.requestId()));
        json.append(",\"time\":").append(jsonString(instant(page.time())));
        return json.append("}\n").toString();
    }

    private static void jsonArray(StringBuilder json, List<String> items) {
        json.append('[');
        for (int i = 0; i < items.size(); i++) {
            json.append(i == 0 ? "" : ",").append(jsonString(items.get(i)));
        }
        json.append(']');
    }

    static String html(ErrorPage page) {
        StringBuilder h = new StringBuilder(4096);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"color-scheme\" content=\"light dark\">\n")
                .append("<meta name=\"referrer\" content=\"no-referrer\">\n")
                .append("<link rel=\"icon\" href=\"data:,\">\n")
                .append("<title>").append(escape(page.code() + " " + page.title())).append("</title>\n")
                .append("<style>").append(STYLE).append("</style>\n</head>\n<body><main><article>\n")
                .append("<p class=\"code\">HTTP ").append(escape(page.code()));
        if (!page.reason().isEmpty()) {
            h.append(" &middot; <code>").append(escape(page.reason())).append("</code>");
        }
        h.append("</p>\n<h1>").append(escape(page.title())).append("</h1>\n")
                .append("<p class=\"summary\">").append(escape(page.summary())).append("</p>\n");
        if (!page.detail().isEmpty()) {
            h.append("<p class=\"detail\">").append(escape(page.detail())).append("</p>\n");
        }
        page.certificate().ifPresent(c -> h.append("<h2>The certificate sent</h2>\n<dl>")
                .append("<dt>Subject</dt><dd>").append(escape(c.subject().rfc4514())).append("</dd>")
                .append("<dt>Issuer</dt><dd>").append(escape(c.issuer().rfc4514())).append("</dd>")
                .append("<dt>Valid from</dt><dd>").append(escape(instant(c.notBefore()))).append("</dd>")
                .append("<dt>Valid until</dt><dd>").append(escape(instant(c.notAfter()))).append("</dd>")
                .append("<dt>Serial</dt><dd><code>").append(escape(c.serialHex())).append("</code></dd></dl>\n"));
        if (!page.acceptedAuthorities().isEmpty()) {
            h.append("<h2>Certificate authorities this site accepts</h2>\n<ul class=\"authorities\">")
                    .append(items(page.acceptedAuthorities())).append("</ul>\n");
        }
        if (!page.likelyCauses().isEmpty()) {
            h.append("<h2>Most likely causes</h2>\n<ul>").append(items(page.likelyCauses())).append("</ul>\n");
        }
        if (!page.tryThis().isEmpty()) {
            h.append("<h2>Things you can try</h2>\n<ul>").append(items(page.tryThis())).append("</ul>\n");
        }
        h.append("<footer>Request ID <code class=\"request-id\">").append(escape(page.requestId())).append("</code>")
                .append(" &middot; ").append(escape(SHOWN_TIME.format(page.time())))
                .append(" &middot; certgate</footer>\n</article></main></body></html>\n");
        return h.toString();
    }

    /** The administrator's template with each placeholder filled in, HTML-escaped. */
    static String fill(String template, ErrorPage page) {
        return ErrorPagesConfig.fill(template, name -> switch (name) {
            case "status" -> String.valueOf(page.status());
            case "substatus" -> String.valueOf(page.substatus());
            case "code" -> escape(page.code());
            case "reason" -> escape(page.reason());
            case "title" -> escape(page.title());
            case "summary" -> escape(page.summary());
            case "detail" -> escape(page.detail());
            case "likelyCauses" -> items(page.likelyCauses());
            case "tryThis" -> items(page.tryThis());
            case "requestId" -> escape(page.requestId());
            case "time" -> escape(SHOWN_TIME.format(page.time()));
            default -> "";
        });
    }

    /** {@code <li>} items, each escaped. */
    private static String items(List<String> items) {
        StringBuilder out = new StringBuilder();
        for (String item : items) {
            out.append("<li>").append(escape(item)).append("</li>");
        }
        return out.toString();
    }

    private static String instant(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Escapes the five characters that can end an HTML text or attribute value. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A JSON string; {@code <}, {@code >} and {@code &} escaped too, so that no sniffer sees markup. */
    public static String jsonString(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(String text) {
        try {
            return "sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(utf8(text)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
