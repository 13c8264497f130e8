package io.certgate.it;

import static io.certgate.testing.PolicyPki.CORP_AUTH;
import static io.certgate.testing.PolicyPki.PIV_AUTH;
import static io.certgate.testing.PolicyPki.PIV_CARD_AUTH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certgate.testing.CertgateProcess;
import io.certgate.testing.Curl;
import io.certgate.testing.PolicyPki;
import io.certgate.testing.Processes;
import io.certgate.testing.Received;
import io.certgate.testing.RecordingBackendProcess;
import io.certgate.testing.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clientCertificates.policies} through the real {@code bin/certgate} in front of a
 * recording backend. The site requires one of the PIV policies; {@code /strict} requires, in
 * addition, PIV authentication without policy mapping; {@code /open} (mode accept) requires PIV
 * authentication of whoever sends a certificate. Clients:
 *
 * <ul>
 *   <li>{@code piv}: PIV authentication, from the Policy CA;</li>
 *   <li>{@code card}: PIV card authentication only, from the Policy CA;</li>
 *   <li>{@code mapped}: the Mapping CA's corporate policy, which it maps from PIV authentication;</li>
 *   <li>{@code alice}: no policy at all (the World's plain issuing CA).</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CertificatePoliciesIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private World world;
    private RecordingBackendProcess backend;
    private CertgateProcess certgate;
    private int port;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        world = World.create(dir);
        PolicyPki policies = PolicyPki.under(world.pki());
        world.addClient("piv", policies.client("piv", policies.policyCa(), PIV_AUTH));
        world.addClient("card", policies.client("card", policies.policyCa(), PIV_CARD_AUTH));
        world.addClient("mapped", policies.client("mapped", policies.mappingCa(), CORP_AUTH));
        backend = RecordingBackendProcess.start(dir.resolve("backend.jsonl"));
        Files.writeString(dir.resolve("certgate.yaml"), """
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
                      policies:
                        required: ["%2$s", "%3$s"]
                    locations:
                      - path: /strict
                        clientCertificates:
                          policies:
                            required: ["%2$s"]
                            inhibitMapping: true
                        proxy: %1$s
                      - path: /open
                        clientCertificates:
                          mode: accept
                          policies: { required: ["%2$s"] }
                        proxy: %1$s
                      - path: /
                        proxy: %1$s
                """.formatted(backend.url(), PIV_AUTH, PIV_CARD_AUTH));
        certgate = CertgateProcess.start(dir, "run", "-c", "certgate.yaml");
        port = certgate.awaitListening();
    }

    @AfterAll
    void stop() {
        if (certgate != null) {
            certgate.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void aCertificateWithTheSitesPolicyIsServed() {
        for (String client : new String[] {"piv", "card", "mapped"}) {
            Curl.Response response = curl("/app/" + client, client).run();

            assertThat(response.status()).as(client + ": " + response.body()).isEqualTo(200);
        }
    }

    @Test
    void aCertificateWithoutThePolicyIs403_16NamingTheRequiredPoliciesAndNothingReachesTheBackend() {
        int mark = backend.mark();

        Curl.Response response = curl("/app/plain", World.VALID).header("Accept", "application/json").run();

        assertThat(response.code()).as(response.body()).isEqualTo("403.16");
        assertThat(response.header("Certgate-Status")).isEqualTo("403.16 client-certificate-untrusted");
        assertThat(response.body()).contains("is not valid for any of the required certificate policies "
                + PIV_AUTH + ", " + PIV_CARD_AUTH + " (requireExplicit): its path is valid for no policy");
        assertNothingReachedTheBackendSince(mark);
    }

    @Test
    void aLocationRequiringMoreThanItsSiteRefusesACertificateTheSiteAccepts() {
        int mark = backend.mark();

        Curl.Response card = curl("/strict/card", "card").run();
        Curl.Response mapped = curl("/strict/mapped", "mapped").http2().run();

        assertThat(card.code()).as(card.body()).isEqualTo("403.16");
        assertThat(card.header("Certgate-Status")).isEqualTo("403.16 client-certificate-untrusted");
        assertThat(card.body()).contains("CN=card is not valid for the required certificate policy " + PIV_AUTH
                + " (requireExplicit, inhibitMapping): its path is valid for policy " + PIV_CARD_AUTH);
        assertThat(mapped.code()).as("a mapped policy does not count where mapping is inhibited (HTTP/2): "
                + mapped.body()).isEqualTo("403.16");
        assertThat(mapped.body()).contains("CN=mapped is not valid for the required certificate policy " + PIV_AUTH);
        assertNothingReachedTheBackendSince(mark);
    }

    @Test
    void aCertificateThatMeetsTheLocationsPoliciesTooIsServedThere() {
        int mark = backend.mark();

        Curl.Response http1 = curl("/strict/piv", "piv").run();
        Curl.Response http2 = curl("/strict/piv-again", "piv").http2().run();

        assertThat(http1.status()).as(http1.body()).isEqualTo(200);
        assertThat(http2.status()).as(http2.body()).isEqualTo(200);
        assertThat(backend.receivedSince(mark)).extracting(Received::target)
                .containsExactlyInAnyOrder("/strict/piv", "/strict/piv-again");
        assertThat(backend.receivedSince(mark)).allSatisfy(r ->
                assertThat(r.headers("X-Client-Cert-Verify")).containsExactly("SUCCESS"));
    }

    @Test
    void underModeAcceptNoCertificatePassesAnonymouslyButOneWithoutThePolicyIsRefused() {
        int mark = backend.mark();

        Curl.Response card = curl("/open/card", "card").run();

        assertThat(card.code()).as(card.body()).isEqualTo("403.16");
        assertNothingReachedTheBackendSince(mark);
        Curl.Response anonymous = curl("/open/anonymous", null).run();
        assertThat(anonymous.status()).as(anonymous.body()).isEqualTo(200);
    }

    @Test
    void explainShowsThePoliciesThePathIsValidForAndTheLocationsOwnVerdict() {
        Processes.Result site = CertgateProcess.run(world.dir(), "explain", "-c", "certgate.yaml",
                "--cert", "clients/card.pem", "--host", "localhost", "--path", "/app/x");
        Processes.Result strict = CertgateProcess.run(world.dir(), "explain", "-c", "certgate.yaml",
                "--cert", "clients/card.pem", "--host", "localhost", "--path", "/strict/x");

        assertThat(site.exitCode()).as(site.all()).isZero();
        assertThat(site.stdout()).contains("policies:    the path is valid for " + PIV_CARD_AUTH)
                .contains("verdict:     valid (ok): valid");
        assertThat(strict.exitCode()).as(strict.all()).isEqualTo(1);
        assertThat(strict.stdout())
                .contains("location:    requires the required certificate policy " + PIV_AUTH
                        + " (requireExplicit, inhibitMapping)")
                .contains("verdict:     at /strict: untrusted (policy): certificate CN=card is not valid for the required"
                        + " certificate policy " + PIV_AUTH)
                .contains("answer:      403.16");
    }

    @Test
    void verifyTakesThePolicySettingsAsFlagsAndShowsTheValidPolicies() throws Exception {
        String[] trust = {"verify", "--roots", "pki/root.pem", "--at", world.pki().now().toString()};
        Processes.Result card = CertgateProcess.run(world.dir(), concat(trust, "--policy", PIV_AUTH,
                "--require-explicit-policy", "clients/card.pem"));
        Processes.Result mapped = CertgateProcess.run(world.dir(), concat(trust, "--policy", PIV_AUTH,
                "--require-explicit-policy", "clients/mapped.pem"));
        Processes.Result inhibited = CertgateProcess.run(world.dir(), concat(trust, "--policy", PIV_AUTH,
                "--require-explicit-policy", "--inhibit-policy-mapping", "clients/mapped.pem"));
        Processes.Result badOid = CertgateProcess.run(world.dir(), concat(trust, "--policy", "piv-auth", "clients/card.pem"));

        assertThat(card.exitCode()).as(card.all()).isEqualTo(1);
        JsonNode refused = JSON.readTree(card.stdout());
        assertThat(refused.get("reason").asText()).isEqualTo("policy");
        assertThat(refused.get("status").asText()).isEqualTo("403.16");
        assertThat(refused.get("validPolicies")).extracting(JsonNode::asText).containsExactly(PIV_CARD_AUTH);
        assertThat(mapped.exitCode()).as(mapped.all()).isZero();
        assertThat(JSON.readTree(mapped.stdout()).get("validPolicies")).extracting(JsonNode::asText).containsExactly(CORP_AUTH);
        assertThat(inhibited.exitCode()).as(inhibited.all()).isEqualTo(1);
        assertThat(badOid.exitCode()).isEqualTo(2);
        assertThat(badOid.stdout()).isEmpty();
        assertThat(badOid.stderr()).contains("certgate verify: --policy piv-auth is not an OID");
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    private Curl curl(String path, String client) {
        return world.curl(port, path, client);
    }

    /** Only a request sent after the refusals, which passes, reached the backend since {@code mark}. */
    private void assertNothingReachedTheBackendSince(int mark) {
        String sentinel = "/app/sentinel-" + System.nanoTime();
        assertThat(curl(sentinel, "piv").run().status()).isEqualTo(200);
        backend.awaitRequest(mark, r -> r.target().equals(sentinel), WAIT);
        assertThat(backend.receivedSince(mark)).extracting(Received::target).containsExactly(sentinel);
        assertThat(backend.pendingSince(mark)).as("requests begun on open connections").isEmpty();
    }
}
