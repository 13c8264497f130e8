package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certgate.pki.Credential;
import io.certgate.testing.Curl;
import io.certgate.testing.LogFiles;
import io.certgate.testing.OpenSslClient;
import io.certgate.testing.Processes;
import io.certgate.testing.RunningGateway;
import io.certgate.testing.World;
import io.certgate.x509.Fingerprint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code connectionLog}: one JSON line per TLS connection, handshakes that failed included, with
 * real curl and openssl clients against the in-process gateway.
 */
class ConnectionLogIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private World world;
    private RunningGateway gateway;
    private Path log;

    @BeforeEach
    void start() {
        world = World.create(dir);
        log = dir.resolve("logs/connections.log");
        gateway = RunningGateway.start(dir, World.standardConfig("", """
                connectionLog:
                  file: logs/connections.log
                  format: json
                """));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    /** The lines once there are {@code count}, parsed. */
    private List<JsonNode> await(int count) {
        return LogFiles.awaitLines(log, lines -> lines.size() >= count, PATIENCE).stream().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException("not one JSON object: " + line, e);
            }
        }).toList();
    }

    @Test
    void aFullHandshakeWithACertificateLogsTheCertificateAndItsVerdict() {
        assertThat(world.curl(gateway, "/", World.VALID).run().status()).isEqualTo(200);

        JsonNode line = await(1).get(0);
        Credential alice = world.client(World.VALID);
        assertThat(line.get("handshake").asText()).isEqualTo("full");
        assertThat(line.get("clientIp").asText()).isEqualTo("127.0.0.1");
        assertThat(line.get("clientPort").asInt()).isPositive();
        assertThat(line.get("serverPort").asInt()).isEqualTo(gateway.port());
        assertThat(line.get("sni").asText()).isEqualTo("localhost");
        assertThat(line.get("site").asText()).isEqualTo("localhost");
        assertThat(line.get("tlsProtocol").asText()).startsWith("TLSv1.");
        assertThat(line.get("cipher").asText()).isNotEmpty();
        assertThat(line.get("handshakeMillis").asDouble()).isPositive();
        assertThat(line.get("certSubject").asText())
                .isEqualTo(alice.certificate().getSubjectX500Principal().getName());
        assertThat(line.get("certIssuer").asText())
                .isEqualTo(alice.certificate().getIssuerX500Principal().getName());
        assertThat(line.get("certSerial").asText()).isEqualTo(alice.serial().toString(16).toUpperCase(Locale.ROOT));
        assertThat(line.get("certFingerprint").asText()).isEqualTo(Fingerprint.sha256(alice.certificate()).hex());
        assertThat(line.get("verdict").asText()).isEqualTo("ok");
        assertThat(line.get("failure").asText()).isEmpty();
    }

    @Test
    void aRefusedCertificateStillCompletesTheHandshakeAndTheLineSaysWhy() {
        assertThat(world.curl(gateway, "/", World.EXPIRED).run().code()).isEqualTo("403.17");
        assertThat(world.curl(gateway, "/", null).run().code()).isEqualTo("403.7");

        List<JsonNode> lines = await(2);
        assertThat(lines).extracting(l -> l.get("verdict").asText()).containsExactlyInAnyOrder("expired", "no-certificate");
        assertThat(lines).allSatisfy(l -> assertThat(l.get("handshake").asText()).isEqualTo("full"));
        JsonNode none = lines.stream().filter(l -> l.get("verdict").asText().equals("no-certificate")).findFirst().orElseThrow();
        assertThat(none.get("certSubject").asText()).isEmpty();
        assertThat(none.get("certFingerprint").asText()).isEmpty();
    }

    @Test
    void aResumedHandshakeIsLoggedAsResumedWithTheSessionsCertificate() {
        Path session = dir.resolve("tls12.session");
        OpenSslClient.connect(gateway.port()).serverName("localhost")
                .cert(world.clientPem(World.VALID), world.clientKey(World.VALID))
                .arg("-tls1_2", "-sess_out", session.toString()).request("localhost", "/").run();
        await(1);
        Processes.Result resumed = OpenSslClient.connect(gateway.port()).serverName("localhost")
                .arg("-tls1_2", "-sess_in", session.toString()).request("localhost", "/").run();
        assertThat(resumed.stdout()).as("openssl resumed the session").contains("Reused, TLSv1.2");

        List<JsonNode> lines = await(2);
        assertThat(lines.get(0).get("handshake").asText()).isEqualTo("full");
        assertThat(lines.get(1).get("handshake").asText()).isEqualTo("resumed");
        assertThat(lines.get(1).get("tlsProtocol").asText()).isEqualTo("TLSv1.2");
        assertThat(lines.get(1).get("certFingerprint").asText())
                .isEqualTo(Fingerprint.sha256(world.client(World.VALID).certificate()).hex());
        assertThat(lines.get(1).get("verdict").asText()).isEqualTo("ok");
    }

    @Test
    void failedHandshakesAreLoggedWithTheirReason() {
        Curl.get("http://127.0.0.1:" + gateway.port() + "/").run(); // plain HTTP to the TLS port
        await(1);
        OpenSslClient.connect(gateway.port()).serverName("localhost").arg("-tls1_1").run();
        await(2);
        // A client that does not trust the server's certificate: gives up with an alert.
        OpenSslClient.connect(gateway.port()).serverName("localhost").arg("-verify_return_error",
                "-CAfile", world.dir().resolve("tls/server.pem").toString()).run();

        List<JsonNode> lines = await(3);
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.get("handshake").asText()).isEqualTo("failed");
            assertThat(l.get("verdict").asText()).isEmpty();
            assertThat(l.get("failureDetail").asText()).isNotEmpty();
        });
        assertThat(lines).extracting(l -> l.get("failure").asText()).containsExactly("not_tls", "protocol", "alert");
        assertThat(lines.get(2).get("sni").asText()).isEqualTo("localhost");
    }

    @Test
    void theLogIsReopenedUnderItsNameAfterRotation() throws IOException {
        world.curl(gateway, "/public/", null).run();
        await(1);
        Path rotated = dir.resolve("logs/connections.log.1");
        Files.move(log, rotated);

        gateway.reopenLogs();
        world.curl(gateway, "/public/", null).run();

        assertThat(await(1)).hasSize(1);
        assertThat(LogFiles.lines(rotated)).hasSize(1);
    }
}
