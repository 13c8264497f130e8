package io.certgate.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The W3C extended log format with IIS's field set (SPEC §6), readable by Log Parser and GoAccess. */
class W3cFormatTest {

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

    private static String[] fields(AccessRecord record) {
        String line = W3cFormat.line(record);
        assertThat(line).endsWith("\n");
        return line.substring(0, line.length() - 1).split(" ", -1);
    }

    @Test
    void headerIsTheOneTheSpecShows() {
        String header = W3cFormat.header("1.2.3", Instant.parse("2026-11-24T12:00:00Z"));

        assertThat(header).isEqualTo("#Software: certgate 1.2.3\n"
                + "#Version: 1.0\n"
                + "#Date: 2026-11-24 12:00:00\n"
                + "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip"
                + " cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken\n");
    }

    @Test
    void headerDateIsUtc() {
        assertThat(W3cFormat.header("1", Records.TIME)).contains("#Date: 2026-11-24 23:59:58\n");
    }

    @Test
    void lineHasOneValuePerFieldInTheFieldsOrder() {
        assertThat(fields(Records.typical())).containsExactly(
                "2026-11-24", "23:59:58", "192.0.2.10", "GET", "/admin/report.html", "year=2026", "8443", "alice",
                "198.51.100.7", "curl/8.5.0", "403", "16", "0", "12");
    }

    @Test
    void lineHasAsManyValuesAsTheFieldsLineNames() {
        int named = W3cFormat.FIELDS.split(" ").length;

        assertThat(fields(Records.typical())).hasSize(named);
        assertThat(fields(Records.withUserAgent("Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"))).hasSize(named);
        assertThat(fields(Records.anonymousWithoutQuery("/"))).hasSize(named);
    }

    @Test
    void spacesInUserAgentBecomePlus() {
        assertThat(fields(Records.withUserAgent("Mozilla/5.0 (X11; Linux x86_64)"))[9])
                .isEqualTo("Mozilla/5.0+(X11;+Linux+x86_64)");
    }

    @Test
    void emptyFieldsAreDash() {
        String[] fields = fields(Records.anonymousWithoutQuery("/index.html"));

        assertThat(fields[2]).as("s-ip").isEqualTo("-");
        assertThat(fields[5]).as("cs-uri-query").isEqualTo("-");
        assertThat(fields[7]).as("cs-username").isEqualTo("-");
        assertThat(fields[8]).as("c-ip").isEqualTo("-");
        assertThat(fields[9]).as("cs(User-Agent)").isEqualTo("-");
    }

    @Test
    void lineBreaksTabsAndControlCharactersArePercentEncoded() {
        String line = W3cFormat.line(Records.withUserAgent("evil\r\n2026-01-01 00:00:00 forged\tline\u0001\u007f"));

        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
        assertThat(line).doesNotContain("\r").doesNotContain("\t").doesNotContain("\u0001").doesNotContain("\u007f");
        assertThat(fields(Records.withUserAgent("a\r\nb\tc\u0001d\u007fe"))[9]).isEqualToIgnoringCase("a%0d%0ab%09c%01d%7fe");
    }

    @Test
    void controlCharactersBeyondAsciiArePercentEncodedToo() {
        // The class promises "a field never contains a space or a control character". Netty hands a
        // header byte 0x85 over as U+0085 (NEL), which several log readers take as a line break.
        for (String hostile : new String[] {"a\u0085b", "a\u2028b", "a\u2029b", "a\u009bb"}) {
            String field = fields(Records.withUserAgent(hostile))[9];

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
