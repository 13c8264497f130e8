package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.Credential;
import io.certgate.testing.CertgateProcess;
import io.certgate.testing.Curl;
import io.certgate.testing.Processes;
import io.certgate.testing.PrometheusText;
import io.certgate.testing.Received;
import io.certgate.testing.RecordingBackendProcess;
import io.certgate.testing.TestPki;
import io.certgate.testing.TlsSession;
import io.certgate.testing.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code bin/certgate} in front of a real HTTPS backend process that requires a client
 * certificate and records every handshake (the client's subject, SNI, version, ALPN) and request
 * it got: certgate presents its own certificate, verifies the backend's chain and name, keeps
 * connections alive, answers a refused backend with a 502 that says why, and a reload swaps the
 * client certificate for new backend connections while one in use finishes its request.
 */
class HttpsBackendIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Pattern ADMIN = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+) \\(admin\\)");
    /** The name in the backend's certificate (with 127.0.0.1), and one it does not have. */
    private static final String BACKEND_NAME = "backend.test";

    @TempDir
    Path dir;
    private World world;
    private RecordingBackendProcess backend;
    private CertgateProcess certgate;
    private int port;
    private int adminPort;

    @BeforeEach
    void start() throws Exception {
        world = World.create(dir);
        Instant now = world.pki().now();
        TestPki backendPki = TestPki.create(now, "Backend");
        TestPki gatewayPki = TestPki.create(now, "Gateway");
        backendPki.root().writeCertificate(dir.resolve("ca/backend-root.pem"));
        TestPki.create(now, "Elsewhere").root().writeCertificate(dir.resolve("ca/other-root.pem"));
        Credential gatewayClient = gatewayPki.client("certgate-gateway").build();
        gatewayClient.writeChain(dir.resolve("tls/gateway-client.pem"));
        gatewayClient.writeKey(dir.resolve("tls/gateway-client.key"));
        // The client certificate a reload will swap in, minted now and written over the files later.
        Credential next = gatewayPki.client("certgate-gateway-next").build();
        next.writeChain(dir.resolve("next/gateway-client.pem"));
        next.writeKey(dir.resolve("next/gateway-client.key"));

        backend = RecordingBackendProcess.startTls(dir.resolve("backend.jsonl"), backendPki.server(BACKEND_NAME),
                gatewayPki.root().certificate());
        String backendUrl = backend.url();
        assertThat(backendUrl).startsWith("https://127.0.0.1:");
        String locations = location("/ok", backendUrl, "ca/backend-root.pem", BACKEND_NAME)
                + location("/wrong-ca", backendUrl, "ca/other-root.pem", BACKEND_NAME)
                + location("/wrong-name", backendUrl, "ca/backend-root.pem", "other.test")
                + "      - path: /open\n";
        Files.writeString(dir.resolve("certgate.yaml"), World.standardConfig("", "admin:\n  address: 127.0.0.1:0\n")
                .replace("      - path: /open\n", locations));
        certgate = CertgateProcess.start(dir, "run", "-c", "certgate.yaml");
        port = certgate.awaitListening();
        adminPort = Integer.parseInt(certgate.awaitLine(ADMIN, PATIENCE.toSeconds()).group(1));
        certgate.awaitLine(Pattern.compile("watching certgate\\.yaml"), PATIENCE.toSeconds());
    }

    /** A location of the standard site that proxies to an https backend with these trust settings. */
    private static String location(String path, String url, String roots, String serverName) {
        return """
                      - path: %s
                        proxy:
                          url: %s
                          tls:
                            trustedRoots: [%s]
                            serverName: %s
                            certificate: tls/gateway-client.pem
                            key: tls/gateway-client.key
                """.formatted(path, url, roots, serverName);
    }

    @AfterEach
    void stop() {
        if (certgate != null) {
            certgate.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private Curl.Response get(String path) {
        return world.curl(port, path, World.VALID).run();
    }

    /** The TLS session of the backend connection a request arrived on. */
    private TlsSession sessionOf(Received request) {
        return backend.tlsSessionsSince(0).stream().filter(s -> s.connection() == request.connection()).findFirst()
                .orElseThrow(() -> new AssertionError("no TLS session recorded for " + request));
    }

    private double tlsErrors() {
        String text = Curl.get("http://127.0.0.1:" + adminPort + "/metrics").run().body();
        return PrometheusText.parse(text).get("certgate_proxy_backend_errors_total") == null ? 0
                : PrometheusText.parse(text).get("certgate_proxy_backend_errors_total").samples().stream()
                .filter(s -> "tls".equals(s.labels().get("kind")) && backend.url().equals(s.labels().get("backend")))
                .mapToDouble(PrometheusText.Sample::value).sum();
    }

    @Test
    void anHttpsBackendGetsTheRequestOverTlsAndSeesCertgatesClientCertificate() {
        int mark = backend.mark();

        Curl.Response response = get("/ok/hello?x=1");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Received received = backend.awaitRequest(mark, r -> r.target().equals("/ok/hello?x=1"), PATIENCE);
        assertThat(received.headers("X-Client-Cert-Subject")).singleElement().asString().contains("CN=" + World.VALID);
        TlsSession session = sessionOf(received);
        assertThat(session.clientSubject()).isEqualTo("CN=certgate-gateway,O=certgate tests");
        assertThat(session.serverName()).as("SNI is proxy.tls.serverName").isEqualTo(BACKEND_NAME);
        assertThat(session.protocol()).isIn("TLSv1.3", "TLSv1.2");
        assertThat(session.applicationProtocol()).isEqualTo("http/1.1");
    }

    @Test
    void aBackendCertificateFromAnUntrustedCaGets502UnknownCaAndNothingReachesTheBackend() {
        int mark = backend.mark();
        double before = tlsErrors();

        Curl.Response response = get("/wrong-ca/secret");

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.body()).contains("unknown CA");
        // certgate ended the handshake: the backend saw a failed one and never a request
        assertThat(backend.awaitEnd(mark, e -> e.error() != null && e.error().startsWith("tls:"), PATIENCE)).isNotNull();
        assertThat(backend.receivedSince(mark)).noneMatch(r -> r.target().startsWith("/wrong-ca"));
        assertThat(backend.tlsSessionsSince(mark)).isEmpty();
        assertThat(tlsErrors()).isEqualTo(before + 1);
        Matcher logged = certgate.awaitLine(Pattern.compile(".*the backend " + Pattern.quote(backend.url())
                + ": TLS unknown CA: .*"), PATIENCE.toSeconds());
        assertThat(logged.group()).contains("does not lead to a root of proxy.tls.trustedRoots");
        assertThat(certgate.output()).as("a refused backend is an outcome, logged without a stack trace")
                .doesNotContain("\tat io.netty").doesNotContain("UpstreamHandshakeException");
    }

    @Test
    void aBackendCertificateWithoutTheServerNameGets502NameMismatch() {
        int mark = backend.mark();
        double before = tlsErrors();

        Curl.Response response = get("/wrong-name/secret");

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.body()).contains("name mismatch");
        assertThat(response.body()).as("the client learns why, not the backend's names").doesNotContain("other.test");
        backend.awaitEnd(mark, e -> e.error() != null && e.error().startsWith("tls:"), PATIENCE);
        assertThat(backend.receivedSince(mark)).noneMatch(r -> r.target().startsWith("/wrong-name"));
        assertThat(tlsErrors()).isEqualTo(before + 1);
        certgate.awaitLine(Pattern.compile(".*TLS name mismatch: .* does not name other\\.test.*"), PATIENCE.toSeconds());
    }

    @Test
    void requestsOnOneClientConnectionReuseOneBackendTlsConnection() {
        int mark = backend.mark();
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "--http1.1",
                "--cacert", world.root().toString(), "--cert", world.clientPem(World.VALID).toString(),
                "--key", world.clientKey(World.VALID).toString(), "-w", "%{http_code}\\n"));
        for (int i = 0; i < 5; i++) {
            command.addAll(List.of("-o", "/dev/null", "https://localhost:" + port + "/ok/keep-alive/" + i));
        }

        Processes.Result curl = Processes.run(command, null, null, 60);

        assertThat(curl.stdout().trim().split("\n")).as(curl.all()).containsOnly("200").hasSize(5);
        List<Received> received = backend.receivedSince(mark).stream()
                .filter(r -> r.target().startsWith("/ok/keep-alive/")).toList();
        assertThat(received).hasSize(5);
        assertThat(received.stream().map(Received::connection).distinct()).as("one backend connection").hasSize(1);
        assertThat(backend.tlsSessionsSince(mark)).as("at most one new handshake").hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void aReloadSwapsTheClientCertificateForNewConnectionsWhileOneInUseFinishes() throws Exception {
        int mark = backend.mark();
        assertThat(get("/ok/before").status()).isEqualTo(200);
        Received before = backend.awaitRequest(mark, r -> r.target().equals("/ok/before"), PATIENCE);
        assertThat(sessionOf(before).clientSubject()).startsWith("CN=certgate-gateway,");

        // An upload in flight across the reload: 96 KB at 24 KB/s keeps its backend connection busy for seconds.
        Path body = dir.resolve("upload.bin");
        Files.write(body, new byte[96 * 1024]);
        CompletableFuture<Curl.Response> upload = CompletableFuture.supplyAsync(() -> Curl
                .get("https://localhost:" + port + "/ok/upload").cacert(world.root())
                .cert(world.clientPem(World.VALID), world.clientKey(World.VALID))
                .arg("--data-binary", "@" + body, "--limit-rate", "24K", "-H", "Expect:").run());
        awaitPendingUpload();

        Files.copy(dir.resolve("next/gateway-client.pem"), dir.resolve("tls/gateway-client.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(dir.resolve("next/gateway-client.key"), dir.resolve("tls/gateway-client.key"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Processes.Result hup = Processes.run(List.of("kill", "-HUP", Long.toString(certgate.pid())), null, null, 10);
        assertThat(hup.exitCode()).as(hup.all()).isZero();
        certgate.awaitLine(Pattern.compile(".*reloaded certgate\\.yaml \\(SIGHUP\\): site localhost: proxy\\.tls changed.*"),
                PATIENCE.toSeconds());

        assertThat(get("/ok/after").status()).isEqualTo(200);
        Received after = backend.awaitRequest(mark, r -> r.target().equals("/ok/after"), PATIENCE);
        assertThat(sessionOf(after).clientSubject()).as("a new connection presents the new certificate")
                .startsWith("CN=certgate-gateway-next,");

        Curl.Response uploaded = upload.get();
        assertThat(uploaded.status()).as(uploaded.body() + uploaded.stderr()).isEqualTo(200);
        Received finished = backend.awaitRequest(mark, r -> r.target().equals("/ok/upload"), PATIENCE);
        assertThat(finished.body()).hasSize(96 * 1024);
        assertThat(sessionOf(finished).clientSubject()).as("the request in flight finished on its old connection")
                .startsWith("CN=certgate-gateway,");
        // ...which is not pooled again afterwards: it was made with the replaced certificate
        backend.awaitEnd(mark, e -> e.connection() == finished.connection(), PATIENCE);
    }

    private void awaitPendingUpload() {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (backend.pendingNow().stream().noneMatch(p -> p.headText().contains("/ok/upload"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the upload never reached the backend: " + backend.pendingNow());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
