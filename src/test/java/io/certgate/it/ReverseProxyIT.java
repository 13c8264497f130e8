package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.testing.BackendProcess;
import io.certgate.testing.Curl;
import io.certgate.testing.Processes;
import io.certgate.testing.RunningGateway;
import io.certgate.testing.World;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reverse proxy against a real backend process: what reaches the backend (path, Host,
 * identity headers of SPEC §5, never a client's forged copy, no hop-by-hop headers), and how
 * the gateway behaves when the backend is down, slow or closes early.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReverseProxyIT {

    private static final List<String> IDENTITY_HEADERS = List.of("X-Forwarded-For", "X-Forwarded-Proto",
            "X-Forwarded-Host", "X-Remote-User", "X-Remote-Groups", "X-Client-Cert-Verify", "X-Client-Cert-Subject",
            "X-Client-Cert-Issuer", "X-Client-Cert-Serial", "X-Client-Cert-Fingerprint", "X-Client-Cert", "Forwarded");

    private World world;
    private BackendProcess backend;
    private RunningGateway gateway;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        world = World.create(dir);
        backend = BackendProcess.start();
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort();
        }
        gateway = RunningGateway.start(dir, """
                listen:
                  - address: 127.0.0.1:0
                sites:
                  - hosts: ["localhost"]
                    certificate: tls/server.pem
                    key: tls/server.key
                    clientCertificates:
                      mode: require
                      trustedRoots: [pki/root.pem]
                      intermediates: [pki/intermediate.pem]
                      revocation: { crlFiles: [pki/intermediate.crl] }
                    locations:
                      - path: /api
                        proxy: %1$s
                      - path: /open
                        clientCertificates: { mode: accept }
                        proxy: %1$s
                      - path: /public
                        clientCertificates: { mode: ignore }
                        proxy: %1$s
                      - path: /impatient
                        clientCertificates: { mode: accept }
                        proxy: { url: "%1$s", readTimeout: 300ms }
                      - path: /rehost
                        clientCertificates: { mode: accept }
                        proxy: { url: "%1$s", preserveHost: false }
                      - path: /down
                        clientCertificates: { mode: accept }
                        proxy: http://127.0.0.1:%2$d
                      - path: /
                        root: www
                """.formatted(backend.url(), deadPort));
    }

    @AfterAll
    void stop() {
        gateway.close();
        backend.close();
    }

    /** The backend's echo: "target", "protocol", "body-bytes"... and "header NAME" → values. */
    private static Map<String, List<String>> echo(Curl.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Map<String, List<String>> lines = new TreeMap<>();
        for (String line : response.body().split("\n")) {
            int space = line.startsWith("header ") ? line.indexOf(':') : line.indexOf(' ');
            String key = line.substring(0, space);
            String value = line.substring(space + 1).trim();
            lines.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return lines;
    }

    private static String one(Map<String, List<String>> echo, String key) {
        List<String> values = echo.get(key);
        assertThat(values).as(key).hasSize(1);
        return values.get(0);
    }

    @Test
    void requestReachesTheBackendInCanonicalFormWithTheClientsIdentity() throws Exception {
        Curl.Response response = world.curl(gateway, "/api/x/../a%20b//%63?x=1&y=%20z", World.VALID).pathAsIs().run();
        Map<String, List<String>> echo = echo(response);
        // The path certgate routed (dot segments resolved, %63 is "c"), the query exactly as sent.
        assertThat(one(echo, "target")).isEqualTo("/api/a%20b/c?x=1&y=%20z");
        assertThat(one(echo, "protocol")).isEqualTo("HTTP/1.1");
        assertThat(one(echo, "header host")).isEqualTo("localhost:" + gateway.port());
        assertThat(one(echo, "header x-forwarded-for")).isEqualTo("127.0.0.1");
        assertThat(one(echo, "header x-forwarded-proto")).isEqualTo("https");
        assertThat(one(echo, "header x-forwarded-host")).isEqualTo("localhost:" + gateway.port());
        assertThat(one(echo, "header x-client-cert-verify")).isEqualTo("SUCCESS");
        assertThat(one(echo, "header x-client-cert-subject")).isEqualTo("CN=alice,O=certgate tests");
        assertThat(one(echo, "header x-client-cert-issuer")).isEqualTo("CN=Test Issuing CA,O=certgate tests");
        var alice = world.client(World.VALID).certificate();
        assertThat(one(echo, "header x-client-cert-serial")).isEqualToIgnoringCase(alice.getSerialNumber().toString(16));
        assertThat(one(echo, "header x-client-cert-fingerprint"))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(alice.getEncoded())));
        String pem = URLDecoder.decode(one(echo, "header x-client-cert"), StandardCharsets.UTF_8);
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        assertThat(echo).doesNotContainKey("header x-remote-user"); // no mapping, no account
        assertThat(response.header("x-backend-hop")).as("named in the backend's Connection header").isNull();
    }

    @Test
    void forgedIdentityHeadersNeverReachTheBackendWhateverTheMode() {
        for (String[] call : new String[][] {{"/api/x", World.VALID}, {"/open/x", null}, {"/public/x", World.UNTRUSTED}}) {
            Curl curl = world.curl(gateway, call[0], call[1]);
            for (String header : IDENTITY_HEADERS) {
                curl.header(header, "forged");
                curl.header(header.toLowerCase(), "forged-again");
            }
            Map<String, List<String>> echo = echo(curl.run());
            echo.forEach((key, values) -> assertThat(values).as(call[0] + " " + key).doesNotContain("forged", "forged-again"));
            assertThat(echo).doesNotContainKey("header forwarded");
        }
        Map<String, List<String>> ignored = echo(world.curl(gateway, "/public/x", World.VALID).run());
        assertThat(one(ignored, "header x-client-cert-verify")).as("ignore discards the certificate").isEqualTo("NONE");
        assertThat(ignored).doesNotContainKey("header x-client-cert-subject").doesNotContainKey("header x-client-cert");
        Map<String, List<String>> anonymous = echo(world.curl(gateway, "/open/x", null).run());
        assertThat(one(anonymous, "header x-client-cert-verify")).isEqualTo("NONE");
    }

    @Test
    void hopByHopHeadersStayOnTheirHop() {
        Map<String, List<String>> echo = echo(world.curl(gateway, "/api/x", World.VALID).http1()
                .header("Connection", "X-Secret").header("X-Secret", "for this hop only")
                .header("Keep-Alive", "timeout=5").header("TE", "trailers").header("Upgrade", "websocket").run());
        assertThat(echo).doesNotContainKeys("header x-secret", "header keep-alive", "header te", "header upgrade");
    }

    @Test
    void http2ClientsAreForwardedOverHttp11() {
        Map<String, List<String>> echo = echo(world.curl(gateway, "/api/h2?q=1", World.VALID).http2().run());
        assertThat(one(echo, "protocol")).isEqualTo("HTTP/1.1");
        assertThat(one(echo, "target")).isEqualTo("/api/h2?q=1");
        assertThat(one(echo, "header host")).isEqualTo("localhost:" + gateway.port());
    }

    @Test
    void bodiesAreForwardedWithExpectContinueAnsweredByTheGateway() throws Exception {
        byte[] body = "x".repeat(300_000).getBytes(StandardCharsets.US_ASCII);
        Path file = world.dir().resolve("body.bin");
        Files.write(file, body);
        for (boolean http2 : new boolean[] {false, true}) {
            Curl curl = world.curl(gateway, "/api/upload", World.VALID).arg("--data-binary", "@" + file)
                    .header("Expect", "100-continue");
            Map<String, List<String>> echo = echo((http2 ? curl.http2() : curl.http1()).run());
            assertThat(one(echo, "body-bytes")).isEqualTo(String.valueOf(body.length));
            assertThat(one(echo, "body-sha256")).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
            assertThat(echo).doesNotContainKey("header expect");
        }
    }

    @Test
    void preserveHostFalseSendsTheBackendsOwnHost() {
        Map<String, List<String>> echo = echo(world.curl(gateway, "/rehost/x", null).run());
        assertThat(one(echo, "header host")).isEqualTo("127.0.0.1:" + backend.port());
        assertThat(one(echo, "header x-forwarded-host")).isEqualTo("localhost:" + gateway.port());
    }

    @Test
    void keepAliveConnectionsToTheBackendAreReused() {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--http1.1", "--cacert", world.root().toString()));
        for (int i = 1; i <= 6; i++) {
            command.add("https://localhost:" + gateway.port() + "/open/" + i); // one client connection, six requests
        }
        String bodies = Processes.run(command, null, null, 30).stdout();
        long requests = bodies.lines().filter(l -> l.startsWith("target ")).count();
        long backendConnections = bodies.lines().filter(l -> l.startsWith("client-port ")).distinct().count();
        assertThat(requests).isEqualTo(6);
        assertThat(backendConnections).isLessThan(requests);
    }

    @Test
    void deadBackendGets502AndTheGatewayKeepsServing() {
        Curl.Response response = world.curl(gateway, "/down/x", null).header("Accept", "application/json").run();
        assertThat(response.status()).isEqualTo(502);
        assertThat(response.body()).contains("\"status\":502").contains("is unreachable: connection refused");
        assertThat(response.body()).as("errors.detail: detailed never names the backend's address")
                .doesNotContain("127.0.0.1:").doesNotContain("http://");
        assertThat(echo(world.curl(gateway, "/open/after-down", null).run())).containsKey("target");
    }

    @Test
    void slowBackendGets504() {
        Curl.Response response = world.curl(gateway, "/impatient/slow?ms=3000", null).run();
        assertThat(response.status()).isEqualTo(504);
        assertThat(response.body()).contains("did not answer within 300 ms").doesNotContain("http://");
        assertThat(echo(world.curl(gateway, "/open/after-slow", null).run())).containsKey("target");
    }

    @Test
    void backendClosingBeforeAnsweringGets502() {
        Curl.Response response = world.curl(gateway, "/open/fail", null).run();
        assertThat(response.status()).isEqualTo(502);
        assertThat(response.body()).contains("closed the connection before answering").doesNotContain("http://");
        assertThat(echo(world.curl(gateway, "/open/after-close", null).run())).containsKey("target");
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() {
        String requests = "GET /open/slow?ms=300 HTTP/1.1\r\nHost: localhost\r\n\r\n"
                + "GET /open/second HTTP/1.1\r\nHost: localhost\r\n\r\n"
                + "GET /public/index.html HTTP/1.1\r\nHost: localhost\r\n\r\n"
                + "GET /open/last HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        Processes.Result result = Processes.run(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + gateway.port(),
                "-servername", "localhost", "-alpn", "http/1.1", "-quiet", "-ign_eof"), null, requests, 30);
        String out = result.stdout();
        int slow = out.indexOf("target /open/slow?ms=300");
        int second = out.indexOf("target /open/second");
        int last = out.indexOf("target /open/last");
        assertThat(slow).as(out).isNotNegative();
        assertThat(second).isGreaterThan(slow);
        assertThat(last).isGreaterThan(second);
        assertThat(out.split("HTTP/1.1 200 OK", -1)).hasSize(5);
    }
}
