package io.certgate.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certgate.log.ConnectionRecord.Handshake;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The connection log's JSON line: every key on every line, in camelCase, one line whatever the client sent. */
class ConnectionJsonFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ConnectionRecord record(String serverName, Handshake handshake, String failureDetail) {
        return new ConnectionRecord(Instant.parse("2026-11-24T23:59:58.123Z"), "198.51.100.7", 50123, "192.0.2.10", 8443,
                serverName, "app", "TLSv1.3", "TLS_AES_128_GCM_SHA256", handshake, 2.5, "CN=alice,O=Example",
                "CN=Issuing CA", "1A2B", "ab".repeat(32), "ok", handshake == Handshake.FAILED ? "alert" : "",
                failureDetail);
    }

    @Test
    void everyKeyIsWrittenWithItsValue() throws Exception {
        String line = ConnectionJsonFormat.line(record("app.example", Handshake.RESUMED, ""));

        assertThat(line).endsWith("}\n").doesNotContain("\n{");
        JsonNode json = JSON.readTree(line);
        assertThat(json.fieldNames()).toIterable().containsExactly("time", "clientIp", "clientPort", "serverIp",
                "serverPort", "sni", "site", "tlsProtocol", "cipher", "handshake", "handshakeMillis", "certSubject",
                "certIssuer", "certSerial", "certFingerprint", "verdict", "failure", "failureDetail");
        assertThat(json.get("time").asText()).isEqualTo("2026-11-24T23:59:58.123Z");
        assertThat(json.get("handshake").asText()).isEqualTo("resumed");
        assertThat(json.get("handshakeMillis").asDouble()).isEqualTo(2.5);
        assertThat(json.get("clientPort").asInt()).isEqualTo(50123);
        assertThat(json.get("certSerial").asText()).isEqualTo("1A2B");
    }

    @Test
    void aHostileServerNameStaysOnOneLine() throws Exception {
        String line = ConnectionJsonFormat.line(record("evil\r\n{\"forged\":1}\u2028", Handshake.FULL, ""));

        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
        assertThat(line).doesNotContain("\r").doesNotContain("\u2028");
        assertThat(JSON.readTree(line).get("sni").asText()).isEqualTo("evil\r\n{\"forged\":1}\u2028");
    }

    @Test
    void aLongFailureDetailIsCut() throws Exception {
        String line = ConnectionJsonFormat.line(record("", Handshake.FAILED, "x".repeat(5000)));

        assertThat(JSON.readTree(line).get("failureDetail").asText()).hasSize(ConnectionJsonFormat.MAX_FAILURE_DETAIL);
        assertThat(List.of(JSON.readTree(line).get("handshake").asText(), JSON.readTree(line).get("failure").asText()))
                .containsExactly("failed", "alert");
    }
}
