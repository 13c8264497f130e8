package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.Credential;
import io.certgate.pki.CrlReason;
import io.certgate.pki.PemFiles;
import io.certgate.testing.CertgateProcess;
import io.certgate.testing.CrlServer;
import io.certgate.testing.Curl;
import io.certgate.testing.KeepAliveClient;
import io.certgate.testing.OcspResponder;
import io.certgate.testing.PrometheusText;
import io.certgate.testing.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Revocation as an administrator relies on it, with the real {@code bin/certgate}, real curl and
 * openssl, and a real HTTP server as the CRL distribution point: what a dead, slow or
 * garbage-serving distribution point means under {@code onUnavailable: deny} and {@code allow},
 * and a revocation published while the gateway runs, enforced without a restart, on new
 * connections and on one already open.
 */
class RevocationIT {

    /** How long a changed CRL may take to be in force: the file check interval or refreshInterval, and slack. */
    private static final Duration TAKES_EFFECT_WITHIN = Duration.ofSeconds(30);

    /** The ways a distribution point fails. */
    enum BrokenPoint {
        DEAD("cannot be reached: "),
        SLOW("did not answer within 1s (timed out)"),
        GARBAGE("cannot be read as a CRL: expected SEQUENCE at offset 0, found tag 0x3c");

        final String says;

        BrokenPoint(String says) {
            this.says = says;
        }
    }

    @TempDir
    Path dir;

    private World world;
    private CrlServer server;
    private int port;

    @BeforeEach
    void mint() {
        world = World.create(dir);
        server = CrlServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokenPoint.class)
    void aBrokenDistributionPointMeans403_13NamingTheUrlWhenUnavailableMeansDeny(BrokenPoint broken) throws Exception {
        String url = brokenPoint(broken);
        client("dora", url);
        try (CertgateProcess gateway = start("deny", "1h")) {
            Curl.Response response = curl("dora").run();

            assertThat(response.code()).as("%s%n%s", response.body(), gateway.output()).isEqualTo("403.13");
            assertThat(response.header("certgate-status")).isEqualTo("403.13 client-certificate-revoked");
            assertThat(response.body()).contains("the revocation status of certificate CN=dora is unknown: the CRL at " + url
                    + " " + broken.says);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokenPoint.class)
    void aBrokenDistributionPointLetsTheClientInWithAWarningInTheLogWhenUnavailableMeansAllow(BrokenPoint broken)
            throws Exception {
        String url = brokenPoint(broken);
        client("dora", url);
        try (CertgateProcess gateway = start("allow", "1h")) {
            Curl.Response response = curl("dora").run();

            assertThat(response.status()).as(response.body()).isEqualTo(200);
            gateway.awaitLine(Pattern.compile("WARN .*letting CN=dora in although the revocation status of certificate"
                    + " CN=dora is unknown: the CRL at " + Pattern.quote(url + " " + broken.says)), 10);
        }
    }

    @Test
    void aDistributionPointCrlThatNowRevokesIsEnforcedAfterItsRefreshWithoutRestart() throws Exception {
        String url = server.url("/int.crl");
        Credential dora = client("dora", url);
        server.serve("/int.crl", world.pki().intermediateCrl().build());
        try (CertgateProcess gateway = start("deny", "1s")) {
            assertThat(curl("dora").run().status()).as(gateway::output).isEqualTo(200);

            server.serve("/int.crl", world.pki().intermediateCrl().thisUpdate(world.pki().now().plusSeconds(1))
                    .number(java.math.BigInteger.TWO).revoke(dora, CrlReason.KEY_COMPROMISE).build());

            assertThat(eventually(() -> curl("dora").run().code(), "403.13")).isEqualTo("403.13");
            assertThat(curl("dora").run().body()).contains("certificate CN=dora was revoked at")
                    .contains("according to crl:" + url);
        }
    }

    @Test
    void aCrlFileRewrittenToRevokeIsEnforcedOnAKeepAliveConnectionOpenedBefore() throws Exception {
        Files.writeString(dir.resolve("certgate.yaml"), World.standardConfig("", ""));
        try (CertgateProcess gateway = CertgateProcess.start(dir, "run", "-c", "certgate.yaml")) {
            port = gateway.awaitListening();
            try (KeepAliveClient connection = KeepAliveClient.connect(port, "localhost",
                    world.clientPem(World.VALID), world.clientKey(World.VALID))) {
                assertThat(connection.get("localhost", "/").status()).isEqualTo(200);

                X509CRL revokesAlice = world.pki().intermediateCrl().number(java.math.BigInteger.TWO)
                        .revoke(world.client(World.REVOKED), CrlReason.KEY_COMPROMISE)
                        .revoke(world.client(World.VALID), CrlReason.AFFILIATION_CHANGED).build();
                Path next = PemFiles.writeCrl(dir.resolve("pki/intermediate.crl.new"), revokesAlice, false);
                Files.move(next, dir.resolve("pki/intermediate.crl"), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                // A new connection proves the gateway has read the new file; the old one must follow.
                assertThat(eventually(() -> curl(World.VALID).run().code(), "403.13")).isEqualTo("403.13");

                KeepAliveClient.Response sameConnection = connection.get("localhost", "/");

                assertThat(sameConnection.code()).as(sameConnection.body()).isEqualTo("403.13");
                assertThat(sameConnection.body()).contains("certificate CN=alice was revoked at").contains("(affiliationChanged)");
            }
        }
    }

    @Test
    void withOcspPreferTheRespondersAnswerDecidesAndARefusalNamesTheResponder() throws Exception {
        try (OcspResponder responder = OcspResponder.start(world.pki().intermediate(), world.pki().now())) {
            ocspClient("olive", responder);
            responder.answer(ocspClient("oscar", responder), OcspResponder.Answer.REVOKED);
            try (CertgateProcess gateway = startWithRevocation(OCSP_ONLY)) {
                assertThat(curl("olive").run().status()).as(gateway::output).isEqualTo(200);

                Curl.Response refused = curl("oscar").run();
                assertThat(refused.code()).isEqualTo("403.13");
                assertThat(refused.body()).contains("certificate CN=oscar was revoked at").contains("(keyCompromise)")
                        .contains("according to ocsp:" + responder.url());
            }
        }
    }

    @Test
    void aResponderThatFailedIsAskedAgainWithinSecondsAndItsAnswerTakesEffectWithoutRestart() throws Exception {
        try (OcspResponder responder = OcspResponder.start(world.pki().intermediate(), world.pki().now())) {
            ocspClient("olive", responder);
            responder.signedBy(OcspResponder.delegate(world.pki().intermediate(), world.pki().now(), false), true);
            try (CertgateProcess gateway = startWithRevocation(OCSP_ONLY)) {
                Curl.Response refused = curl("olive").run();
                assertThat(refused.code()).as(gateway::output).isEqualTo("403.13");
                assertThat(refused.body()).contains("the OCSP responder " + responder.url() + " sent a response that")
                        .contains("not authorised for OCSP");

                responder.signedBy(world.pki().intermediate(), false); // mended

                // A refusal for an unreachable source is decided again after seconds, not after the
                // minute other refusals are remembered.
                assertThat(eventually(() -> curl("olive").run().code(), "200")).isEqualTo("200");
            }
        }
    }

    @Test
    void eachFailedDownloadOfADistributionPointIsCountedInTheMetrics() throws Exception {
        String url = CrlServer.deadUrl("/int.crl");
        client("dora", url);
        try (CertgateProcess gateway = start("deny", "1h")) {
            assertThat(curl("dora").run().code()).as(gateway::output).isEqualTo("403.13");
            int admin = Integer.parseInt(gateway.awaitLine(Pattern.compile("listening on http://[^ ]+:(\\d+) \\(admin\\)"), 10)
                    .group(1));

            Curl.Response metrics = Curl.get("http://127.0.0.1:" + admin + "/metrics").run();

            assertThat(metrics.status()).isEqualTo(200);
            assertThat(PrometheusText.parse(metrics.body()).get("certgate_crl_fetch_failures_total")
                    .value(Map.of("site", "localhost", "source", "crl:" + url))).isGreaterThanOrEqualTo(1);
        }
    }

    private String brokenPoint(BrokenPoint broken) {
        return switch (broken) {
            case DEAD -> CrlServer.deadUrl("/int.crl");
            case SLOW -> {
                server.hang("/slow.crl");
                yield server.url("/slow.crl");
            }
            case GARBAGE -> {
                server.serveGarbage("/garbage.crl");
                yield server.url("/garbage.crl");
            }
        };
    }

    private Credential client(String name, String distributionPoint) throws Exception {
        return world.addClient(name, world.pki().client(name).crlDistributionPoint(distributionPoint).build());
    }

    private Credential ocspClient(String name, OcspResponder responder) throws Exception {
        return world.addClient(name, world.pki().client(name).ocspResponder(responder.url()).build());
    }

    /**
     * Revocation by OCSP alone: no CRL anywhere, nonces on, an unknown status refused. The
     * responder signs each answer in the test's JVM; readTimeout bounds its whole answer, so it
     * is given time to spare on a busy machine.
     */
    private static final String OCSP_ONLY = """
            ocsp: prefer
            ocspNonce: true
            onUnavailable: deny
            connectTimeout: 5s
            readTimeout: 5s
            scope: leaf
            """;

    /** A gateway that downloads the distribution points certificates name, and nothing else. */
    private CertgateProcess start(String onUnavailable, String refreshInterval) throws Exception {
        return startWithRevocation("""
                fetchDistributionPoints: true
                onUnavailable: %s
                refreshInterval: %s
                connectTimeout: 1s
                readTimeout: 1s
                scope: leaf
                """.formatted(onUnavailable, refreshInterval));
    }

    /** A gateway for the valid clients of the world, with {@code revocation} (YAML, unindented) as its revocation block. */
    private CertgateProcess startWithRevocation(String revocation) throws Exception {
        Files.writeString(dir.resolve("certgate.yaml"), """
                listen:
                  - address: 127.0.0.1:0
                admin:
                  address: 127.0.0.1:0
                sites:
                  - hosts: ["localhost"]
                    certificate: tls/server.pem
                    key: tls/server.key
                    clientCertificates:
                      mode: require
                      trustedRoots: [pki/root.pem]
                      intermediates: [pki/intermediate.pem]
                      revocation:
                %s
                    locations:
                      - path: /
                        root: www
                errors:
                  detail: internal
                """.formatted(revocation.indent(8).stripTrailing()));
        CertgateProcess gateway = CertgateProcess.start(dir, "run", "-c", "certgate.yaml");
        port = gateway.awaitListening();
        return gateway;
    }

    /** A new connection to the running gateway, presenting the named client's certificate. */
    private Curl curl(String client) {
        return world.curl(port, "/", client).header("Accept", "text/plain");
    }

    /** Asks until the answer is {@code expected}, within {@link #TAKES_EFFECT_WITHIN}; returns the last answer. */
    private static String eventually(Supplier<String> ask, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TAKES_EFFECT_WITHIN.toNanos();
        String last = ask.get();
        while (!last.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            last = ask.get();
        }
        return last;
    }
}
