package io.certgate.log;

import java.time.format.DateTimeFormatter;

/**
 * One JSON object per line with every W3C field (named as W3C names them) plus the verdict reason,
 * site, protocol, the certificate's subject and fingerprint, the request ID and, for an error
 * answer, its full detail. Strings are JSON-escaped, so a client's CR/LF can never
 * start a new line.
 */
final class JsonFormat {

    private JsonFormat() {
    }

    static String line(AccessRecord r) {
        StringBuilder json = new StringBuilder(320).append('{');
        string(json, "time", DateTimeFormatter.ISO_INSTANT.format(r.time())).append(',');
        string(json, "s-ip", r.serverIp()).append(',');
        string(json, "cs-method", r.method()).append(',');
        string(json, "cs-uri-stem", r.uriStem()).append(',');
        string(json, "cs-uri-query", r.uriQuery()).append(',');
        number(json, "s-port", r.serverPort()).append(',');
        string(json, "cs-username", r.username()).append(',');
        string(json, "c-ip", r.clientIp()).append(',');
        string(json, "cs(User-Agent)", r.userAgent()).append(',');
        string(json, "cs(Referer)", r.referer()).append(',');
        number(json, "sc-status", r.status()).append(',');
        number(json, "sc-substatus", r.substatus()).append(',');
        number(json, "sc-win32-status", r.win32Status()).append(',');
        number(json, "time-taken", r.timeTakenMillis()).append(',');
        number(json, "sc-bytes", r.responseBytes()).append(',');
        number(json, "cs-bytes", r.requestBytes()).append(',');
        string(json, "cs-host", r.host()).append(',');
        string(json, "cs-version", r.version()).append(',');
        string(json, "site", r.site()).append(',');
        string(json, "protocol", r.protocol()).append(',');
        string(json, "verdict", r.verdictReason()).append(',');
        string(json, "cert-subject", r.certificateSubject()).append(',');
        string(json, "cert-fingerprint", r.certificateFingerprint()).append(',');
        string(json, "requestId", r.requestId());
        if (!r.detail().isEmpty()) {
            json.append(',');
            string(json, "detail", r.detail());
        }
        return json.append("}\n").toString();
    }

    static StringBuilder number(StringBuilder json, String key, long value) {
        return json.append('"').append(key).append("\":").append(value);
    }

    static StringBuilder string(StringBuilder json, String key, String value) {
        json.append('"').append(key).append("\":\"");
        String v = value == null ? "" : value;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
