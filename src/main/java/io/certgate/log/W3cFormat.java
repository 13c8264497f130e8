package io.certgate.log;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * W3C extended log format with IIS's field set. Times are UTC, as IIS writes them. A field never
 * contains a space or a control character: spaces become {@code +} (IIS does this to
 * User-Agent), other whitespace and control characters (ASCII and beyond: NEL, U+2028, U+2029,
 * which some readers treat as line breaks) are percent-encoded, and an empty field is {@code -}.
 */
final class W3cFormat {

    static final String FIELDS = "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip"
            + " cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken";

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HEADER_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private W3cFormat() {
    }

    static String header(String version, Instant now) {
        return "#Software: certgate " + version + "\n"
                + "#Version: 1.0\n"
                + "#Date: " + HEADER_DATE.format(now) + "\n"
                + "#Fields: " + FIELDS + "\n";
    }

    static String line(AccessRecord r) {
        StringBuilder line = new StringBuilder(160);
        line.append(DATE.format(r.time())).append(' ')
                .append(TIME.format(r.time())).append(' ');
        field(line, r.serverIp());
        field(line, r.method());
        field(line, r.uriStem());
        field(line, r.uriQuery());
        line.append(r.serverPort()).append(' ');
        field(line, r.username());
        field(line, r.clientIp());
        field(line, r.userAgent());
        line.append(r.status()).append(' ')
                .append(r.substatus()).append(' ')
                .append(0).append(' ')
                .append(r.timeTakenMillis()).append('\n');
        return line.toString();
    }

    private static void field(StringBuilder line, String value) {
        if (value == null || value.isEmpty()) {
            line.append('-').append(' ');
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ') {
                line.append('+');
            } else if (c < 0x21 || Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                for (byte b : String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    line.append('%').append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
                }
            } else {
                line.append(c);
            }
        }
        line.append(' ');
    }
}
