package io.certgate.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.W3cField;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The W3C extended log format as IIS writes it, readable by IIS log tools and GoAccess's W3C preset. */
class W3cFormatTest {

    private static final W3cFormat DEFAULT = new W3cFormat(W3cField.DEFAULTS, "web01");

    private TimeZone defaultZone;

    @BeforeEach
    void runFarFromUtc() {
        // Dates must be UTC whatever the machine's zone; UTC+14 moves 23:59 to the next day.
        defaultZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
    }

    @AfterEach
    void restoreZone() {
        TimeZone.setDefault(defaultZone);
    }

    private static String[] fields(W3cFormat format, AccessRecord record) {
        String line = format.line(record);
        assertThat(line).endsWith("\n");
        return line.substring(0, line.length() - 1).split(" ", -1);
    }

    private static String[] fields(AccessRecord record) {
        return fields(DEFAULT, record);
    }

    /** The one value a format of just this field writes. */
    private static String only(W3cField field, AccessRecord record) {
        String[] values = fields(new W3cFormat(List.of(field), "web01"), record);
        assertThat(values).hasSize(1);
        return values[0];
    }

    @Test
    void headerIsTheOneIisWritesWithIisDefaultFields() {
        String header = DEFAULT.header("1.2.3", Instant.parse("2026-11-24T12:00:00Z"));

        assertThat(header).isEqualTo("#Software: certgate 1.2.3\n"
                + "#Version: 1.0\n"
                + "#Date: 2026-11-24 12:00:00\n"
                + "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip"
                + " cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n");
    }

    @Test
    void headerNamesTheConfiguredFieldsInOrder() {
        W3cFormat format = new W3cFormat(List.of(W3cField.TIME, W3cField.X_REASON, W3cField.SC_BYTES), "web01");

        assertThat(format.header("1", Records.TIME)).endsWith("\n#Fields: time x-reason sc-bytes\n");
        assertThat(fields(format, Records.typical())).containsExactly("23:59:58", "no-path-to-trusted-root", "1024");
    }

    @Test
    void headerDateIsUtc() {
        assertThat(DEFAULT.header("1", Records.TIME)).contains("#Date: 2026-11-24 23:59:58\n");
    }

    @Test
    void lineHasOneValuePerDefaultFieldInTheFieldsOrder() {
        assertThat(fields(Records.typical())).containsExactly(
                "2026-11-24", "23:59:58", "192.0.2.10", "GET", "/admin/report.html", "year=2026", "8443", "alice",
                "198.51.100.7", "curl/8.5.0", "https://app.example/start+page", "403", "16", "2148204809", "12");
    }

    @Test
    void everyFieldWritesItsOwnValue() {
        AccessRecord r = Records.typical();
        Map<W3cField, String> expected = new java.util.EnumMap<>(W3cField.class);
        expected.put(W3cField.DATE, "2026-11-24");
        expected.put(W3cField.TIME, "23:59:58");
        expected.put(W3cField.S_IP, "192.0.2.10");
        expected.put(W3cField.CS_METHOD, "GET");
        expected.put(W3cField.CS_URI_STEM, "/admin/report.html");
        expected.put(W3cField.CS_URI_QUERY, "year=2026");
        expected.put(W3cField.S_PORT, "8443");
        expected.put(W3cField.CS_USERNAME, "alice");
        expected.put(W3cField.C_IP, "198.51.100.7");
        expected.put(W3cField.CS_USER_AGENT, "curl/8.5.0");
        expected.put(W3cField.CS_REFERER, "https://app.example/start+page");
        expected.put(W3cField.SC_STATUS, "403");
        expected.put(W3cField.SC_SUBSTATUS, "16");
        expected.put(W3cField.SC_WIN32_STATUS, "2148204809");
        expected.put(W3cField.TIME_TAKEN, "12");
        expected.put(W3cField.SC_BYTES, "1024");
        expected.put(W3cField.CS_BYTES, "187");
        expected.put(W3cField.CS_HOST, "app.example:8443");
        expected.put(W3cField.CS_VERSION, "HTTP/1.1");
        expected.put(W3cField.S_SITENAME, "app");
        expected.put(W3cField.S_COMPUTERNAME, "web01");
        expected.put(W3cField.X_REASON, "no-path-to-trusted-root");
        expected.put(W3cField.X_REQUEST_ID, "0123456789abcdeffedcba9876543210");
        expected.put(W3cField.X_CERT_SUBJECT, "CN=alice,O=certgate+tests");
        expected.put(W3cField.X_CERT_FINGERPRINT, "ab".repeat(32));

        assertThat(expected.keySet()).as("a test value for every field").isEqualTo(EnumSet.allOf(W3cField.class));
        expected.forEach((field, value) -> assertThat(only(field, r)).as(field.iisName()).isEqualTo(value));
    }

    @Test
    void lineHasAsManyValuesAsTheFieldsLineNames() {
        W3cFormat all = new W3cFormat(List.of(W3cField.values()), "web01");
        int named = W3cField.values().length;

        for (AccessRecord r : List.of(Records.typical(), Records.anonymousWithoutQuery("/"),
                Records.withUserAgent("Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"))) {
            assertThat(fields(all, r)).hasSize(named);
            assertThat(fields(r)).hasSize(W3cField.DEFAULTS.size());
        }
    }

    @Test
    void spacesInUserAgentBecomePlus() {
        assertThat(only(W3cField.CS_USER_AGENT, Records.withUserAgent("Mozilla/5.0 (X11; Linux x86_64)")))
                .isEqualTo("Mozilla/5.0+(X11;+Linux+x86_64)");
    }

    @Test
    void emptyFieldsAreDash() {
        AccessRecord r = Records.anonymousWithoutQuery("/index.html");

        for (W3cField field : List.of(W3cField.S_IP, W3cField.CS_URI_QUERY, W3cField.CS_USERNAME, W3cField.C_IP,
                W3cField.CS_USER_AGENT, W3cField.CS_REFERER, W3cField.CS_HOST, W3cField.X_REASON,
                W3cField.X_CERT_SUBJECT, W3cField.X_CERT_FINGERPRINT)) {
            assertThat(only(field, r)).as(field.iisName()).isEqualTo("-");
        }
    }

    @Test
    void win32StatusIsZeroForAnAnswerThatIsNoCertificateFailure() {
        assertThat(only(W3cField.SC_WIN32_STATUS, Records.anonymousWithoutQuery("/"))).isEqualTo("0");
        assertThat(only(W3cField.SC_WIN32_STATUS, Records.withVerdict("app", 403, 7, "no-certificate"))).isEqualTo("0");
        assertThat(only(W3cField.SC_WIN32_STATUS, Records.withVerdict("app", 404, 0, "ok"))).isEqualTo("0");
    }

    @Test
    void lineBreaksTabsAndControlCharactersArePercentEncoded() {
        String line = DEFAULT.line(Records.withUserAgent("evil\r\n2026-01-01 00:00:00 forged\tline\u0001\u007f"));

        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
        assertThat(line).doesNotContain("\r").doesNotContain("\t").doesNotContain("\u0001").doesNotContain("\u007f");
        assertThat(only(W3cField.CS_USER_AGENT, Records.withUserAgent("a\r\nb\tc\u0001d\u007fe")))
                .isEqualToIgnoringCase("a%0d%0ab%09c%01d%7fe");
    }

    @Test
    void controlCharactersBeyondAsciiArePercentEncodedToo() {
        // The class promises "a field never contains a space or a control character". Netty hands a
        // header byte 0x85 over as U+0085 (NEL), which several log readers take as a line break.
        for (String hostile : new String[] {"a\u0085b", "a\u2028b", "a\u2029b", "a\u009bb"}) {
            String field = only(W3cField.CS_USER_AGENT, Records.withUserAgent(hostile));

            assertThat(field.chars().noneMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c)))
                    .as("field %s of %s", field.codePoints().mapToObj(Integer::toHexString).toList(), hostile)
                    .isTrue();
        }
    }

    @Test
    void dateAndTimeAreUtc() {
        String[] fields = fields(Records.typical());

        assertThat(fields[0]).isEqualTo("2026-11-24");
        assertThat(fields[1]).isEqualTo("23:59:58");
    }
}
