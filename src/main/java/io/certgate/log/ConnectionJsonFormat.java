package io.certgate.log;

import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A connection record as one JSON object per line, keys in camelCase. Strings are JSON-escaped (a
 * client's SNI or certificate subject can never start a new line). Every line has every key: one
 * that does not apply (no certificate, no failure) is an empty string.
 */
final class ConnectionJsonFormat {

    /** The TLS stack's words for a failure, at most this long: the line stays a line, not a stack trace. */
    static final int MAX_FAILURE_DETAIL = 200;

    private ConnectionJsonFormat() {
    }

    static String line(ConnectionRecord r) {
        StringBuilder json = new StringBuilder(400).append('{');
        JsonFormat.string(json, "time", DateTimeFormatter.ISO_INSTANT.format(r.time())).append(',');
        JsonFormat.string(json, "clientIp", r.clientIp()).append(',');
        JsonFormat.number(json, "clientPort", r.clientPort()).append(',');
        JsonFormat.string(json, "serverIp", r.serverIp()).append(',');
        JsonFormat.number(json, "serverPort", r.serverPort()).append(',');
        JsonFormat.string(json, "sni", r.serverName()).append(',');
        JsonFormat.string(json, "site", r.site()).append(',');
        JsonFormat.string(json, "tlsProtocol", r.tlsProtocol()).append(',');
        JsonFormat.string(json, "cipher", r.cipher()).append(',');
        JsonFormat.string(json, "handshake", r.handshake().label()).append(',');
        json.append("\"handshakeMillis\":").append(String.format(Locale.ROOT, "%.3f", r.handshakeMillis()));
        json.append(',');
        JsonFormat.string(json, "certSubject", r.certificateSubject()).append(',');
        JsonFormat.string(json, "certIssuer", r.certificateIssuer()).append(',');
        JsonFormat.string(json, "certSerial", r.certificateSerial()).append(',');
        JsonFormat.string(json, "certFingerprint", r.certificateFingerprint()).append(',');
        JsonFormat.string(json, "verdict", r.verdictReason()).append(',');
        JsonFormat.string(json, "failure", r.failure()).append(',');
        String detail = r.failureDetail();
        JsonFormat.string(json, "failureDetail",
                detail.length() > MAX_FAILURE_DETAIL ? detail.substring(0, MAX_FAILURE_DETAIL) : detail);
        return json.append("}\n").toString();
    }
}
