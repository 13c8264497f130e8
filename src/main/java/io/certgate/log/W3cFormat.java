package io.certgate.log;

import io.certgate.config.W3cField;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * W3C extended log format as IIS writes it: the {@code #Software}, {@code #Version}, {@code #Date}
 * and {@code #Fields} directives, then one line per request with the configured fields in order
 * (IIS's default set unless {@code accessLog.fields} says otherwise). Times are UTC, as IIS writes
 * them. A field never contains a space or a control character: spaces become {@code +} (IIS does
 * this to User-Agent and Referer), other whitespace and control characters (ASCII and beyond: NEL,
 * U+2028, U+2029, which some readers treat as line breaks) are percent-encoded, and an empty field
 * is {@code -}.
 */
final class W3cFormat {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HEADER_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final List<W3cField> fields;
    private final String computerName;

    W3cFormat(List<W3cField> fields, String computerName) {
        this.fields = List.copyOf(fields);
        this.computerName = computerName;
    }

    /** The format of these fields on this machine (the host name is looked up only when a field needs it). */
    static W3cFormat of(List<W3cField> fields) {
        return new W3cFormat(fields, fields.contains(W3cField.S_COMPUTERNAME) ? ComputerName.get() : "");
    }

    /** The four directives IIS starts each file with. */
    String header(String version, Instant now) {
        return "#Software: certgate " + version + "\n"
                + "#Version: 1.0\n"
                + "#Date: " + HEADER_DATE.format(now) + "\n"
                + "#Fields: " + W3cField.line(fields) + "\n";
    }

    String line(AccessRecord r) {
        StringBuilder line = new StringBuilder(40 + 16 * fields.size());
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(' ');
            }
            value(line, fields.get(i), r);
        }
        return line.append('\n').toString();
    }

    private void value(StringBuilder line, W3cField field, AccessRecord r) {
        switch (field) {
            case DATE -> line.append(DATE.format(r.time()));
            case TIME -> line.append(TIME.format(r.time()));
            case S_IP -> text(line, r.serverIp());
            case CS_METHOD -> text(line, r.method());
            case CS_URI_STEM -> text(line, r.uriStem());
            case CS_URI_QUERY -> text(line, r.uriQuery());
            case S_PORT -> line.append(r.serverPort());
            case CS_USERNAME -> text(line, r.username());
            case C_IP -> text(line, r.clientIp());
            case CS_USER_AGENT -> text(line, r.userAgent());
            case CS_REFERER -> text(line, r.referer());
            case SC_STATUS -> line.append(r.status());
            case SC_SUBSTATUS -> line.append(r.substatus());
            case SC_WIN32_STATUS -> line.append(r.win32Status());
            case TIME_TAKEN -> line.append(r.timeTakenMillis());
            case SC_BYTES -> line.append(r.responseBytes());
            case CS_BYTES -> line.append(r.requestBytes());
            case CS_HOST -> text(line, r.host());
            case CS_VERSION -> text(line, r.version());
            case S_SITENAME -> text(line, r.site());
            case S_COMPUTERNAME -> text(line, computerName);
            case X_REASON -> text(line, r.verdictReason());
            case X_REQUEST_ID -> text(line, r.requestId());
            case X_CERT_SUBJECT -> text(line, r.certificateSubject());
            case X_CERT_FINGERPRINT -> text(line, r.certificateFingerprint());
            default -> line.append('-'); // a field added to the config enum before its writer
        }
    }

    private static void text(StringBuilder line, String value) {
        if (value == null || value.isEmpty()) {
            line.append('-');
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ') {
                line.append('+');
            } else if (c < 0x21 || Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    line.append('%').append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
                }
            } else {
                line.append(c);
            }
        }
    }
}
