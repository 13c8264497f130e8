package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.Credential;
import io.certgate.testing.Curl;
import io.certgate.testing.Processes;
import io.certgate.testing.Received;
import io.certgate.testing.RecordingBackendProcess;
import io.certgate.testing.RunningGateway;
import io.certgate.testing.TestPki;
import io.certgate.testing.World;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's nginx block, as written (ports aside), in front of a recording backend: it lets
 * certgate's requests through, by certgate's client certificate, and nobody else's, the way
 * kube-apiserver trusts a front proxy. certgate reaches it through {@code proxy.tls}.
 */
class BackendTrustsCertgateIT {

    private static final Pattern NGINX_BLOCK = Pattern.compile("\n### How a backend trusts certgate\n.*?```nginx\n(.*?)```",
            Pattern.DOTALL);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private World world;
    private TestPki frontProxyCa;
    private RecordingBackendProcess app;
    private Process nginx;
    private int nginxPort;
    private RunningGateway gateway;

    @BeforeEach
    void start() throws Exception {
        world = World.create(dir);
        Instant now = world.pki().now();
        TestPki backendPki = TestPki.create(now, "Backend");
        frontProxyCa = TestPki.create(now, "Front Proxy");
        Credential server = backendPki.server("app.internal");
        server.writeChain(dir.resolve("nginx/tls/app.internal.pem"));
        server.writeKey(dir.resolve("nginx/tls/app.internal.key"));
        frontProxyCa.root().writeCertificate(dir.resolve("nginx/tls/front-proxy-ca.pem"));
        backendPki.root().writeCertificate(dir.resolve("ca/backend-root.pem"));
        writeClient("tls/gateway-client", frontProxyCa.client("certgate-gateway").build());
        writeClient("clients/impostor", frontProxyCa.client("someone-else").build());

        app = RecordingBackendProcess.start(dir.resolve("app.jsonl"));
        nginxPort = freePort();
        startNginx();
        gateway = RunningGateway.start(dir, World.standardConfig("", "").replace("""
                      - path: /open
                """, """
                      - path: /app
                        proxy:
                          url: https://127.0.0.1:%d
                          tls:
                            trustedRoots: [ca/backend-root.pem]
                            serverName: app.internal
                            certificate: tls/gateway-client.pem
                            key: tls/gateway-client.key
                      - path: /open
                """.formatted(nginxPort)));
    }

    private void writeClient(String name, Credential credential) throws IOException {
        credential.writeChain(dir.resolve(name + ".pem"));
        credential.writeKey(dir.resolve(name + ".key"));
    }

    /** nginx with the README's server block, its ports swapped for free ones, in a prefix of its own. */
    private void startNginx() throws Exception {
        Matcher block = NGINX_BLOCK.matcher(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8));
        assertThat(block.find()).as("README shows the nginx block").isTrue();
        String server = block.group(1)
                .replace("listen 8443 ssl;", "listen 127.0.0.1:" + nginxPort + " ssl;")
                .replace("http://127.0.0.1:9000", "http://127.0.0.1:" + app.port());
        assertThat(server).contains("127.0.0.1:" + nginxPort).contains("127.0.0.1:" + app.port());
        Path prefix = dir.resolve("nginx");
        Files.createDirectories(prefix.resolve("logs"));
        Files.writeString(prefix.resolve("nginx.conf"), """
                pid nginx.pid;
                error_log logs/error.log;
                events { }
                http {
                    access_log off;
                    client_body_temp_path tmp/body;
                    proxy_temp_path tmp/proxy;
                    fastcgi_temp_path tmp/fastcgi;
                    uwsgi_temp_path tmp/uwsgi;
                    scgi_temp_path tmp/scgi;
                %s}
                """.formatted(server.indent(4)));
        Files.createDirectories(prefix.resolve("tmp"));
        nginx = new ProcessBuilder("nginx", "-p", prefix + "/", "-c", "nginx.conf", "-e", "logs/error.log",
                "-g", "daemon off; master_process off;").redirectErrorStream(true)
                .redirectOutput(prefix.resolve("logs/stdout.log").toFile()).start();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), nginxPort)) {
                return;
            } catch (IOException notYet) {
                if (!nginx.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("nginx did not start: "
                            + Files.readString(prefix.resolve("logs/error.log")) + Files.readString(prefix.resolve("logs/stdout.log")));
                }
                Thread.sleep(50);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (nginx != null) {
            nginx.destroy();
        }
        if (app != null) {
            app.close();
        }
    }

    /** curl straight to nginx, as a client that bypasses certgate would, with a certificate or none. */
    private Curl.Response direct(String path, String client) {
        Curl curl = Curl.get("https://app.internal:" + nginxPort + path).resolve("app.internal", nginxPort)
                .cacert(dir.resolve("ca/backend-root.pem")).header("X-Remote-User", "admin");
        return client == null ? curl.run() : curl.cert(dir.resolve(client + ".pem"), dir.resolve(client + ".key")).run();
    }

    @Test
    void certgatesRequestsPassByItsClientCertificate() {
        int mark = app.mark();

        Curl.Response response = world.curl(gateway, "/app/report", World.VALID)
                .header("X-Remote-User", "admin").run();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Received received = app.awaitRequest(mark, r -> r.target().equals("/app/report"), PATIENCE);
        assertThat(received.headers("X-Client-Cert-Subject")).singleElement().asString().contains("CN=" + World.VALID);
        assertThat(received.headers("X-Remote-User")).as("the client's forged copy never arrives").isEmpty();
    }

    @Test
    void nobodyElseGetsThroughNginxWithoutCertgatesCertificate() {
        int mark = app.mark();

        assertThat(direct("/no-certificate", null).status()).as("ssl_verify_client on").isEqualTo(400);
        assertThat(direct("/other-name", "clients/impostor").status()).as("allowed names").isEqualTo(403);
        Curl.Response otherCa = direct("/other-ca", "clients/" + World.UNTRUSTED);
        assertThat(otherCa.status()).as("a certificate of another CA: " + otherCa.stderr()).isIn(0, 400);
        assertThat(direct("/as-certgate", "tls/gateway-client").status()).as("certgate's certificate itself").isEqualTo(200);

        List<Received> received = app.receivedSince(mark);
        assertThat(received).extracting(Received::target).containsExactly("/as-certgate");
    }
}
