package io.certgate.it;

import static io.certgate.testing.NameValues.universal;
import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.Credential;
import io.certgate.testing.CertgateProcess;
import io.certgate.testing.Curl;
import io.certgate.testing.LogFiles;
import io.certgate.testing.Processes;
import io.certgate.testing.Received;
import io.certgate.testing.RecordingBackendProcess;
import io.certgate.testing.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names as people read them, through the real {@code bin/certgate}, curl, and a backend that
 * records what it received: a UniversalString {@code OU=Contractors} is stopped by the deny rule
 * on {@code OU = Contractors} (and nothing of its request reaches the backend), a BMPString OU
 * reaches the backend as text, two CNs are shown as two, and {@code certgate explain} shows a
 * policy rule with the certificate's policies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NamesIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PIV_AUTH = "2.16.840.1.101.3.2.1.3.13";

    private World world;
    private RecordingBackendProcess backend;
    private CertgateProcess certgate;
    private int port;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        world = World.create(dir);
        world.addClient("contractor", client(new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, new DERPrintableString("certgate tests"))
                .addRDN(BCStyle.OU, universal("Contractors"))
                .addRDN(BCStyle.CN, "carl")));
        world.addClient("hidden-contractor", client(new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "certgate tests")
                .addRDN(BCStyle.OU, new DERUTF8String("Contractors\u200b"))
                .addRDN(BCStyle.CN, "hans")));
        world.addClient("engineer", client(new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "certgate tests")
                .addRDN(BCStyle.OU, new DERBMPString("Engineering"))
                .addRDN(BCStyle.CN, "erin")));
        world.addClient("two-cns", client(new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "certgate tests")
                .addRDN(BCStyle.CN, "alice")
                .addRDN(BCStyle.CN, new DERUTF8String("mallory,CN=bob"))));
        world.addClient("piv", world.pki().client("piv").certificatePolicies(PIV_AUTH).build());
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
                      revocation: { crlFiles: [pki/intermediate.crl] }
                    accounts:
                      engineers: { groups: [staff] }
                      piv-holders: {}
                    manyToOneMappings:
                      - name: no-contractors
                        permissionMode: deny
                        rules:
                          - { certificateField: subject, certificateSubField: OU, matchCriteria: Contractors }
                      - name: piv
                        userName: piv-holders
                        rules:
                          - { certificateField: policy, matchCriteria: "2.16.840.1.101.3.2.1.3.*" }
                          - { certificateField: eku, matchCriteria: clientAuth }
                      - name: engineering
                        userName: engineers
                        rules:
                          - { certificateField: subject, certificateSubField: OU, matchCriteria: "engineering",
                              compareCaseSensitive: false }
                    locations:
                      - path: /
                        proxy: %s
                accessLog:
                  file: logs/access.log
                  format: json
                """.formatted(backend.url()));
        certgate = CertgateProcess.start(dir, "run", "-c", "certgate.yaml");
        port = certgate.awaitListening();
    }

    private Credential client(X500NameBuilder subject) {
        return Credential.builder().subject(subject.build()).clientAuth().issuedBy(world.pki().intermediate())
                .now(world.pki().now()).build();
    }

    @AfterAll
    void stop() {
        try {
            if (certgate != null) {
                certgate.close();
            }
        } finally {
            if (backend != null) {
                backend.close();
            }
        }
    }

    private Curl.Response as(String client, String path) {
        return world.curl(port, path, client).run();
    }

    /** The request the backend received for {@code path} (sent after {@code mark}). */
    private Received receivedAt(int mark, String path) {
        return backend.awaitRequest(mark, r -> r.target().equals(path), WAIT);
    }

    @Test
    void universalStringContractorIsDeniedAndNothingReachesTheBackend() throws Exception {
        int mark = backend.mark();

        Curl.Response denied = as("contractor", "/denied-universal");
        Curl.Response hidden = as("hidden-contractor", "/denied-zwsp");

        assertThat(denied.header("certgate-status")).as(denied.body()).isEqualTo("403.12 mapper-denied");
        assertThat(denied.body()).contains("no-contractors");
        assertThat(hidden.header("certgate-status")).as(hidden.body()).isEqualTo("403.12 mapper-denied");
        // A request sent after both, awaited at the backend, is the only one there.
        Curl.Response after = as("engineer", "/sentinel");
        assertThat(after.status()).as(after.body()).isEqualTo(200);
        receivedAt(mark, "/sentinel");
        assertThat(backend.receivedSince(mark)).extracting(Received::target).containsExactly("/sentinel");
        // The access log shows the decoded name, and the zero-width space as an escape.
        assertThat(LogFiles.awaitMatch(world.dir().resolve("logs/access.log"), "/denied-zwsp", WAIT))
                .anyMatch(line -> line.contains("\"cert-subject\":\"CN=carl,OU=Contractors,O=certgate tests\""))
                .anyMatch(line -> line.contains("OU=Contractors\\\\e2\\\\80\\\\8b"));
    }

    @Test
    void bmpStringOuReachesTheBackendAsTextAndMatchesItsRule() {
        int mark = backend.mark();

        Curl.Response response = as("engineer", "/engineering");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Received received = receivedAt(mark, "/engineering");
        assertThat(received.headers("X-Client-Cert-Subject"))
                .containsExactly("CN=erin,OU=Engineering,O=certgate tests");
        assertThat(received.headers("X-Remote-User")).containsExactly("engineers");
    }

    @Test
    void twoCommonNamesAreShownAsTwoAndAnEscapedCommaAsPartOfOne() {
        int mark = backend.mark();

        Curl.Response response = as("two-cns", "/two");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Received received = receivedAt(mark, "/two");
        assertThat(received.headers("X-Client-Cert-Subject"))
                .containsExactly("CN=mallory\\,CN\\=bob,CN=alice,O=certgate tests");
        assertThat(received.headers("X-Remote-User")).as("no account is taken from a CN").isEmpty();
    }

    @Test
    void policyRuleMapsAndExplainShowsIt() throws Exception {
        int mark = backend.mark();
        assertThat(as("piv", "/piv").status()).isEqualTo(200);
        assertThat(receivedAt(mark, "/piv").headers("X-Remote-User")).containsExactly("piv-holders");

        Processes.Result explain = CertgateProcess.run(world.dir(), "explain", "-c", "certgate.yaml",
                "--cert", world.clientPem("engineer").toString());

        assertThat(explain.stdout()).as(explain.all())
                .contains("rule 1 (policy matches \"2.16.840.1.101.3.2.1.3.*\") did not match; values: none")
                .contains("many-to-one \"engineering\": its rule matched; allow as account \"engineers\"");
    }
}
