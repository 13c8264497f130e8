package io.certgate.http;

import io.certgate.access.Refusal;
import io.certgate.config.ErrorDetail;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Error answers in one style: the status line, {@code Certgate-Status} for refusals (SPEC §4),
 * and a body in HTML, JSON or plain text as the client's {@code Accept} prefers. Bodies are
 * escaped for their format; headers never carry request data.
 */
public final class ErrorResponses {

    /** The header that names a refusal: {@code Certgate-Status: 403.16 client-certificate-untrusted}. */
    public static final String STATUS_HEADER = "Certgate-Status";

    private ErrorResponses() {
    }

    /** A refusal with its IIS substatus. */
    public static FullHttpResponse refusal(ByteBufAllocator alloc, Refusal refusal, String detail,
                                           String accept, ErrorDetail level) {
        HttpResponseStatus status = HttpResponseStatus.valueOf(refusal.status());
        FullHttpResponse response = build(alloc, status, refusal.code(), refusal.reason(), refusal.substatus(),
                title(refusal), level == ErrorDetail.DETAILED ? detail : "", accept);
        response.headers().set(STATUS_HEADER, refusal.headerValue());
        return response;
    }

    /** A plain HTTP error such as 404 or 405, in the same style; {@code detail} may be empty. */
    public static FullHttpResponse plain(ByteBufAllocator alloc, HttpResponseStatus status, String detail, String accept) {
        return build(alloc, status, String.valueOf(status.code()), "", 0, status.reasonPhrase(), detail, accept);
    }

    /** The reason {@code Certgate-Status} gives a request refused as malformed or hostile. */
    public static final String BAD_REQUEST_REASON = "bad-request";

    /**
     * 400 for a request certgate refused to judge, with {@code Certgate-Status: 400 bad-request}
     * and the sentence saying what was wrong (never the request's own bytes).
     */
    public static FullHttpResponse badRequest(ByteBufAllocator alloc, String detail, String accept) {
        FullHttpResponse response = build(alloc, HttpResponseStatus.BAD_REQUEST, "400", BAD_REQUEST_REASON, 0,
                HttpResponseStatus.BAD_REQUEST.reasonPhrase(), detail, accept);
        response.headers().set(STATUS_HEADER, "400 " + BAD_REQUEST_REASON);
        return response;
    }

    /** The IIS title of each substatus, so administrators recognise the page. */
    static String title(Refusal refusal) {
        return switch (refusal) {
            case SSL_REQUIRED -> "SSL is required to view this resource";
            case CLIENT_CERTIFICATE_REQUIRED -> "Client certificate required";
            case MAPPER_DENIED -> "Client certificate mapping denied access";
            case CLIENT_CERTIFICATE_REVOKED -> "Client certificate revoked";
            case CLIENT_CERTIFICATE_UNTRUSTED -> "Client certificate untrusted or invalid";
            case CLIENT_CERTIFICATE_EXPIRED -> "Client certificate has expired or is not yet valid";
            case ACCESS_DENIED -> "Access denied: this account is not allowed here";
        };
    }

    private static FullHttpResponse build(ByteBufAllocator alloc, HttpResponseStatus status, String code, String reason,
                                          int substatus, String title, String detail, String accept) {
        MediaType type = MediaType.preferred(accept);
        String body = switch (type) {
            case JSON -> json(status.code(), substatus, reason, title, detail);
            case HTML -> html(code, title, reason, detail);
            case TEXT -> code + (reason.isEmpty() ? "" : " " + reason) + (reason.isEmpty() ? " " + title : "")
                    + (detail.isEmpty() ? "" : "\n" + detail) + "\n";
        };
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                alloc.buffer(bytes.length).writeBytes(bytes));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, type.contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set("X-Content-Type-Options", "nosniff");
        return response;
    }

    private static String json(int status, int substatus, String reason, String title, String detail) {
        StringBuilder json = new StringBuilder("{\"status\":").append(status)
                .append(",\"substatus\":").append(substatus);
        if (!reason.isEmpty()) {
            json.append(",\"reason\":").append(jsonString(reason));
        }
        json.append(",\"title\":").append(jsonString(title));
        if (!detail.isEmpty()) {
            json.append(",\"detail\":").append(jsonString(detail));
        }
        return json.append("}\n").toString();
    }

    private static String html(String code, String title, String reason, String detail) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(code + " " + title)
                + "</title></head>\n<body>\n<h1>" + escape(code) + " &mdash; " + escape(title) + "</h1>\n"
                + (reason.isEmpty() ? "" : "<p>Reason: <code>" + escape(reason) + "</code></p>\n")
                + (detail.isEmpty() ? "" : "<p>" + escape(detail) + "</p>\n")
                + "<hr><p><small>certgate</small></p>\n</body></html>\n";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
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

    static String jsonString(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** The three body formats, chosen from {@code Accept} by quality, HTML winning ties. */
    enum MediaType {
        HTML("text/html; charset=utf-8"),
        JSON("application/json"),
        TEXT("text/plain; charset=utf-8");

        final String contentType;

        MediaType(String contentType) {
            this.contentType = contentType;
        }

        /** Plain text for {@code *&#47;*} and missing Accept (curl), HTML for browsers, JSON when asked. */
        static MediaType preferred(String accept) {
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
}
