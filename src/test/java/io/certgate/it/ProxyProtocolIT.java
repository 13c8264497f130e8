package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certgate.testing.CertgateProcess;
import io.certgate.testing.Curl;
import io.certgate.testing.HaproxyProcess;
import io.certgate.testing.LogFiles;
import io.certgate.testing.Processes;
import io.certgate.testing.RawBackend;
import io.certgate.testing.Received;
import io.certgate.testing.RecordingBackendProcess;
import io.certgate.testing.World;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PROXY protocol with real peers: the Debian HAProxy in TCP mode with {@code send-proxy-v2} in
 * front of {@code bin/certgate}, and {@code curl --haproxy-protocol} (version 1) straight to it.
 * The client is curl bound to 127.0.0.7; HAProxy reaches certgate from 127.0.0.1, the only trusted
 * source, so every place that shows 127.0.0.7 took it from the header, not from the socket.
 */
class ProxyProtocolIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    /** The client's own address: a loopback address other than the load balancer's. */
    private static final String CLIENT = "127.0.0.7";

    @TempDir
    Path dir;

    private World world;
    private RecordingBackendProcess backend;
    private RawBackend proxyBackend;
    private CertgateProcess certgate;
    private int port;
    private int adminPort;

    @BeforeEach
    void start() throws IOException {
        world = World.create(dir);
        backend = RecordingBackendProcess.start(dir.resolve("backend.jsonl"));
        proxyBackend = RawBackend.expectingProxyHeaders();
        String config = World.standardConfig("", """
                accessLog:
                  file: logs/access.log
                  format: w3c
                connectionLog:
                  file: logs/connections.log
                  format: json
                admin:
                  address: 127.0.0.1:0
                """)
                .replace("  - address: 127.0.0.1:0\n", """
                          - address: 127.0.0.1:0
                            proxyProtocol: { versions: [1, 2], trustedFrom: [127.0.0.1/32] }
                        """)
                .replace("      - path: /open\n", """
                              - path: /app
                                clientCertificates: { mode: ignore }
                                proxy: %s
                              - path: /pp
                                clientCertificates: { mode: ignore }
                                proxy: { url: "%s", sendProxyProtocol: 2 }
                              - path: /open
                        """.formatted(backend.url(), proxyBackend.url()));
        Files.writeString(dir.resolve("certgate.yaml"), config);
        certgate = CertgateProcess.start(dir, "run", "-c", "certgate.yaml");
        port = certgate.awaitListening();
        adminPort = Integer.parseInt(certgate.awaitLine(Pattern.compile("listening on http://[^ ]+:(\\d+) \\(admin\\)"), 30)
                .group(1));
    }

    @AfterEach
    void stop() {
        certgate.close();
        backend.close();
        proxyBackend.close();
    }

    private Curl curl(int to, String path) {
        return Curl.get("https://localhost:" + to + path).cacert(world.root()).resolve("localhost", to)
                .arg("--interface", CLIENT);
    }

    @Test
    void throughHaproxyTheClientsAddressReachesTheBackendAndTheLogs() {
        try (HaproxyProcess haproxy = HaproxyProcess.sendProxyV2To(dir, port)) {
            int mark = backend.mark();
            Curl.Response response = curl(haproxy.port(), "/app/through-haproxy").run();
            assertThat(response.status()).as(response.stderr()).isEqualTo(200);

            Received got = backend.awaitRequest(mark, r -> r.target().equals("/app/through-haproxy"), PATIENCE);
            assertThat(got.headers("X-Forwarded-For")).containsExactly(CLIENT);
            assertThat(backend.receivedSince(mark)).hasSize(1);

            List<String> access = LogFiles.awaitMatch(dir.resolve("logs/access.log"), "/app/through-haproxy", PATIENCE);
            assertThat(w3cField(access, "/app/through-haproxy", "c-ip")).isEqualTo(CLIENT);

            JsonNode connection = connectionLine(line -> line.get("handshake").asText().equals("full"));
            assertThat(connection.get("clientIp").asText()).isEqualTo(CLIENT);
            assertThat(connection.get("clientPort").asInt()).isPositive();
        }
    }

    @Test
    void curlsVersion1HeaderIsReadStraightFromATrustedSource() {
        int mark = backend.mark();
        Curl.Response response = Curl.get("https://localhost:" + port + "/app/v1").cacert(world.root())
                .arg("--haproxy-protocol").run();

        assertThat(response.status()).as(response.stderr()).isEqualTo(200);
        Received got = backend.awaitRequest(mark, r -> r.target().equals("/app/v1"), PATIENCE);
        assertThat(got.headers("X-Forwarded-For")).containsExactly("127.0.0.1");
    }

    @Test
    void clientsThatSkipTheHeaderOrComeFromElsewhereAreClosedBeforeTls() {
        Curl.Response withoutHeader = Curl.get("https://localhost:" + port + "/app/no-header").cacert(world.root()).run();
        Curl.Response untrusted = curl(port, "/app/untrusted").arg("--haproxy-protocol").run();

        assertThat(withoutHeader.status()).as("no HTTP answer").isZero();
        assertThat(untrusted.status()).as("no HTTP answer").isZero();
        assertThat(backend.received()).isEmpty();
        String metrics = Curl.get("http://127.0.0.1:" + adminPort + "/metrics").run().body();
        assertThat(metrics).contains("certgate_proxy_protocol_refused_total{reason=\"not-proxy-protocol\"} 1.0");
        assertThat(metrics).contains("certgate_proxy_protocol_refused_total{reason=\"untrusted-source\"} 1.0");
    }

    @Test
    void aBackendWithSendProxyProtocolGetsTheClientInAVersion2Header() throws Exception {
        try (HaproxyProcess haproxy = HaproxyProcess.sendProxyV2To(dir, port)) {
            // two requests on one client connection, then a second client connection
            String base = "https://localhost:" + haproxy.port();
            Processes.Result both = Processes.run(List.of("curl", "-sS", "--cacert", world.root().toString(),
                    "--resolve", "localhost:" + haproxy.port() + ":127.0.0.1", "--interface", CLIENT,
                    "-o", "/dev/null", "-o", "/dev/null", "-w", "%{http_code} %{num_connects}\n",
                    base + "/pp/first", base + "/pp/second"), null, null, 30);
            assertThat(both.stdout()).as(both.all()).isEqualTo("200 1\n200 0\n"); // the second request reused curl's connection
            byte[] first = proxyBackend.awaitProxyHeader(PATIENCE);
            assertThat(proxyBackend.accepted()).as("one backend connection for the client connection's two requests").isEqualTo(1);

            assertThat(curl(haproxy.port(), "/pp/third").run().status()).isEqualTo(200);
            byte[] second = proxyBackend.awaitProxyHeader(PATIENCE);
            assertThat(proxyBackend.accepted()).as("another client's connection never reuses the first one's").isEqualTo(2);

            for (byte[] header : List.of(first, second)) {
                ByteBuffer in = ByteBuffer.wrap(header);
                byte[] signature = new byte[12];
                in.get(signature);
                assertThat(signature).isEqualTo(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
                assertThat(in.get()).as("version 2, PROXY").isEqualTo((byte) 0x21);
                assertThat(in.get()).as("TCP over IPv4").isEqualTo((byte) 0x11);
                assertThat(in.getShort()).as("address block length").isEqualTo((short) 12);
                byte[] source = new byte[4];
                byte[] destination = new byte[4];
                in.get(source);
                in.get(destination);
                assertThat(InetAddress.getByAddress(source).getHostAddress()).isEqualTo(CLIENT);
                assertThat(InetAddress.getByAddress(destination).getHostAddress()).isEqualTo("127.0.0.1");
                assertThat(Short.toUnsignedInt(in.getShort())).as("the client's port").isPositive();
                assertThat(Short.toUnsignedInt(in.getShort())).as("the port the client connected to: HAProxy's")
                        .isEqualTo(haproxy.port());
            }
            assertThat(Arrays.copyOfRange(first, 16, 20)).isEqualTo(Arrays.copyOfRange(second, 16, 20));
        }
    }

    /** The value of {@code field} on the W3C line whose stem is {@code stem}, by the #Fields line. */
    private static String w3cField(List<String> lines, String stem, String field) {
        List<String> fields = lines.stream().filter(l -> l.startsWith("#Fields: ")).reduce((a, b) -> b).map(l ->
                List.of(l.substring("#Fields: ".length()).split(" "))).orElseThrow();
        String line = lines.stream().filter(l -> !l.startsWith("#") && l.contains(" " + stem + " ")).findFirst().orElseThrow();
        return line.split(" ")[fields.indexOf(field)];
    }

    private JsonNode connectionLine(java.util.function.Predicate<JsonNode> matching) {
        List<String> lines = LogFiles.awaitLines(dir.resolve("logs/connections.log"),
                ls -> ls.stream().map(ProxyProtocolIT::json).anyMatch(matching), PATIENCE);
        return lines.stream().map(ProxyProtocolIT::json).filter(matching).findFirst().orElseThrow();
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
