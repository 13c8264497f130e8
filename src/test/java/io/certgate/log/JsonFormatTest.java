package io.certgate.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** One JSON object per line, with the W3C fields and the certificate's verdict, subject and fingerprint. */
class JsonFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode parse(AccessRecord record) throws Exception {
        String line = JsonFormat.line(record);
        assertThat(line).endsWith("\n");
        assertThat(line.indexOf('\n')).as("one line: %s", line).isEqualTo(line.length() - 1);
        assertThat(line).doesNotContain("\r").doesNotContain("\u2028").doesNotContain("\u2029");
        return JSON.readTree(line);
    }

    @Test
    void lineIsAJsonObjectWithTheRecordsFields() throws Exception {
        JsonNode json = parse(Records.typical());

        assertThat(json.get("time").asText()).isEqualTo("2026-11-24T23:59:58Z");
        assertThat(json.get("s-ip").asText()).isEqualTo("192.0.2.10");
        assertThat(json.get("s-port").asInt()).isEqualTo(8443);
        assertThat(json.get("cs-method").asText()).isEqualTo("GET");
        assertThat(json.get("cs-uri-stem").asText()).isEqualTo("/admin/report.html");
        assertThat(json.get("cs-uri-query").asText()).isEqualTo("year=2026");
        assertThat(json.get("cs-username").asText()).isEqualTo("alice");
        assertThat(json.get("c-ip").asText()).isEqualTo("198.51.100.7");
        assertThat(json.get("cs(User-Agent)").asText()).isEqualTo("curl/8.5.0");
        assertThat(json.get("sc-status").isInt()).isTrue();
        assertThat(json.get("sc-status").asInt()).isEqualTo(403);
        assertThat(json.get("sc-substatus").asInt()).isEqualTo(16);
        assertThat(json.get("time-taken").asLong()).isEqualTo(12);
        assertThat(json.get("site").asText()).isEqualTo("app");
        assertThat(json.get("protocol").asText()).isEqualTo("HTTP/1.1");
        assertThat(json.get("verdict").asText()).isEqualTo("no-path-to-trusted-root");
        assertThat(json.get("cert-subject").asText()).isEqualTo("CN=alice,O=certgate tests");
        assertThat(json.get("cert-fingerprint").asText()).isEqualTo("ab".repeat(32));
    }

    @Test
    void clientLineBreaksStayInsideTheStringAndRoundTrip() throws Exception {
        String hostile = "evil\r\n{\"cs-method\":\"FORGED\"}\n\u2028\u2029";

        JsonNode json = parse(Records.withUserAgent(hostile));

        assertThat(json.get("cs(User-Agent)").asText()).isEqualTo(hostile);
        assertThat(json.get("cs-method").asText()).isEqualTo("GET");
    }

    @Test
    void quotesBackslashesAndControlCharactersRoundTrip() throws Exception {
        String hostile = "a\"b\\c\td\u0000e\u0001f\u007fg\u00e9h";

        assertThat(parse(Records.withUserAgent(hostile)).get("cs(User-Agent)").asText()).isEqualTo(hostile);
    }

    @Test
    void emptyValuesAreEmptyStrings() throws Exception {
        JsonNode json = parse(Records.anonymousWithoutQuery("/"));

        assertThat(json.get("cs-username").asText()).isEmpty();
        assertThat(json.get("cs-uri-query").asText()).isEmpty();
        assertThat(json.get("cert-subject").asText()).isEmpty();
    }
}
