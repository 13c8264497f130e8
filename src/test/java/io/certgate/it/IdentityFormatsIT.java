package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.Credential;
import io.certgate.testing.CertgateProcess;
import io.certgate.testing.Curl;
import io.certgate.testing.Processes;
import io.certgate.testing.Received;
import io.certgate.testing.RecordingBackendProcess;
import io.certgate.testing.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14, identity header formats, with the real {@code bin/certgate} and a recording backend
 * process: what the backend received in each format is read by a parser written from RFC 8941 /
 * RFC 9440 and Envoy's documentation in Python (stdlib only, nothing shared with certgate), and
 * must be the client's own certificate and the chain it sent; the copies a client sends of every
 * format's headers (in any case, repeated) never arrive, over HTTP/1.1 and HTTP/2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityFormatsIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String CLIENT = "bob-awkward";
    /** A CN with every character the formats treat specially: quotes, comma, semicolon, equals. */
    private static final String AWKWARD_CN = "Bob \"B\" Smith, Jr; Esq=1";
    private static final String SERVER_URI = "spiffe://gateway.test/certgate";
    private static final List<String> CERTIFICATE_HEADERS = List.of("X-Client-Cert-Verify", "X-Client-Cert-Subject",
            "X-Client-Cert-Issuer", "X-Client-Cert-Serial", "X-Client-Cert-Fingerprint", "X-Client-Cert",
            "X-Client-Cert-Chain", "Client-Cert", "Client-Cert-Chain", "X-Forwarded-Client-Cert");
    /** Forged copies of every format's headers, as a client might spell them. */
    private static final List<String> FORGED = List.of("Client-Cert: :Zm9yZ2Vk:", "client-cert: :Zm9yZ2Vk:",
            "CLIENT-CERT-CHAIN: :Zm9yZ2Vk:", "Client-Cert-Chain: :Zm9yZ2Vk:, :Zm9yZ2Vk:",
            "X-Forwarded-Client-Cert: By=spiffe://evil;Hash=00;Subject=\"CN=admin\"",
            "x-forwarded-client-cert: Hash=00", "X-Client-Cert-Chain: forged", "x-client-cert-chain: forged",
            "X-Client-Cert: forged");

    private World world;
    private Credential client;
    private RecordingBackendProcess backend;
    private CertgateProcess certgate;
    private int port;
    private Path reader;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        world = World.create(dir);
        client = world.addClient(CLIENT, Credential.builder().subject(new X500NameBuilder(BCStyle.INSTANCE)
                        .addRDN(BCStyle.O, "certgate tests").addRDN(BCStyle.CN, new DERUTF8String(AWKWARD_CN)).build())
                .clientAuth().uri("spiffe://example.org/ns/a;b=c").uri("https://app.example/x")
                .dns("a.example").dns("b.example").issuedBy(world.pki().intermediate()).now(world.pki().now()).build());
        Credential server = Credential.builder().subject("CN=localhost").serverAuth().dns("localhost").ip("127.0.0.1")
                .uri(SERVER_URI).issuedBy(world.pki().intermediate()).now(world.pki().now()).build();
        server.writeChain(dir.resolve("tls/server-uri.pem"));
        server.writeKey(dir.resolve("tls/server-uri.key"));
        reader = dir.resolve("read_certificate_headers.py");
        try (var script = IdentityFormatsIT.class.getResourceAsStream("read_certificate_headers.py")) {
            Files.copy(script, reader);
        }
        backend = RecordingBackendProcess.start(dir.resolve("backend.jsonl"));
        Files.writeString(dir.resolve("certgate.yaml"), """
                listen:
                  - address: 127.0.0.1:0
                sites:
                  - hosts: ["localhost"]
                    certificate: tls/server-uri.pem
                    key: tls/server-uri.key
                    clientCertificates:
                      mode: accept
                      trustedRoots: [pki/root.pem]
                      intermediates: [pki/intermediate.pem]
                    identityHeaders:
                      formats: [rfc9440]
                    locations:
                      - path: /rfc9440
                        proxy: %1$s
                      - path: /xfcc
                        identityHeaders: { formats: [xfcc] }
                        proxy: %1$s
                      - path: /certgate
                        identityHeaders: { formats: [certgate], chain: true }
                        proxy: %1$s
                      - path: /all
                        identityHeaders:
                          formats: [certgate, rfc9440, xfcc]
                          chain: true
                        proxy: %1$s
                      - path: /none
                        identityHeaders: { formats: [] }
                        proxy: %1$s
                """.formatted(backend.url()));
        certgate = CertgateProcess.start(dir, "run", "-c", "certgate.yaml");
        port = certgate.awaitListening();
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

    /** A GET by curl as {@code who} (none when null) with every forged header, and what reached the backend. */
    private Received send(String path, String who, boolean http2) {
        int mark = backend.mark();
        Curl curl = Curl.get("https://localhost:" + port + path).cacert(world.root());
        if (who != null) {
            curl.cert(world.clientPem(who), world.clientKey(who));
        }
        FORGED.forEach(h -> curl.arg("-H", h));
        Curl.Response answer = (http2 ? curl.http2() : curl.http1()).run();
        assertThat(answer.status()).as(answer.body() + answer.stderr()).isEqualTo(200);
        return backend.awaitRequest(mark, r -> r.target().equals(path), WAIT);
    }

    /** The certificate headers the backend received, read by the independent parser: KEY -> values. */
    private Map<String, List<String>> read(Received received) {
        List<String> command = new ArrayList<>(List.of("python3", reader.toString()));
        for (String name : CERTIFICATE_HEADERS) {
            if (name.startsWith("X-Client-Cert") && !name.equals("X-Client-Cert") && !name.equals("X-Client-Cert-Chain")) {
                continue; // text values, asserted directly
            }
            for (String value : received.headers(name)) {
                command.add(name);
                command.add(value);
            }
        }
        Processes.Result parsed = Processes.run(command, reader.getParent(), "", 30);
        assertThat(parsed.exitCode()).as("the parser's verdict: " + parsed.stderr()).isZero();
        Map<String, List<String>> found = new LinkedHashMap<>();
        for (String line : parsed.stdout().split("\n")) {
            if (!line.isEmpty()) {
                int tab = line.indexOf('\t');
                found.computeIfAbsent(line.substring(0, tab), k -> new ArrayList<>()).add(line.substring(tab + 1));
            }
        }
        return found;
    }

    private static String hex(X509Certificate certificate) throws Exception {
        return HexFormat.of().formatHex(certificate.getEncoded());
    }

    private List<String> sentChain() throws Exception {
        // clients/NAME.pem holds the client's certificate and the intermediate: what curl sends
        List<String> hex = new ArrayList<>();
        for (X509Certificate certificate : client.chainWithoutRoot()) {
            hex.add(hex(certificate));
        }
        return hex;
    }

    private static List<String> presentCertificateHeaders(Received received) {
        return CERTIFICATE_HEADERS.stream().filter(name -> !received.headers(name).isEmpty()).toList();
    }

    @ParameterizedTest(name = "http2={0}")
    @ValueSource(booleans = {false, true})
    void rfc9440HeadersCarryTheClientsCertificateAndTheRestOfItsChain(boolean http2) throws Exception {
        Received received = send("/rfc9440", CLIENT, http2);
        assertThat(presentCertificateHeaders(received)).as("the site's format only")
                .containsExactly("Client-Cert", "Client-Cert-Chain");
        assertThat(received.headers("Client-Cert")).as("a singleton field (RFC 9440 §2.2)").hasSize(1);
        Map<String, List<String>> read = read(received);
        List<String> chain = sentChain();
        assertThat(read.get("client-cert")).containsExactly(chain.get(0));
        assertThat(read.get("client-cert-chain")).as("RFC 9440 §2.3: the chain without the leaf, in TLS order")
                .containsExactlyElementsOf(chain.subList(1, chain.size()));
    }

    @ParameterizedTest(name = "http2={0}")
    @ValueSource(booleans = {false, true})
    void xfccIsOneElementSetByCertgateWithEveryKeyAsEnvoyWritesIt(boolean http2) throws Exception {
        Received received = send("/xfcc", CLIENT, http2);
        assertThat(presentCertificateHeaders(received)).containsExactly("X-Forwarded-Client-Cert");
        assertThat(received.headers("X-Forwarded-Client-Cert")).hasSize(1);
        Map<String, List<String>> read = read(received);
        assertThat(read.keySet()).as("one element: the client's copy was not appended to")
                .allMatch(key -> key.startsWith("xfcc.0."));
        List<String> chain = sentChain();
        assertThat(read.get("xfcc.0.by")).containsExactly(SERVER_URI);
        assertThat(read.get("xfcc.0.hash")).containsExactly(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(client.certificate().getEncoded())));
        assertThat(read.get("xfcc.0.cert")).containsExactly(chain.get(0));
        assertThat(read.get("xfcc.0.chain")).as("Envoy's Chain includes the leaf").containsExactlyElementsOf(chain);
        assertThat(read.get("xfcc.0.subject")).hasSize(1);
        assertThat(new X500Principal(read.get("xfcc.0.subject").get(0))).as("the subject, read back by the JDK")
                .isEqualTo(client.certificate().getSubjectX500Principal());
        assertThat(read.get("xfcc.0.uri")).containsExactly("spiffe://example.org/ns/a;b=c", "https://app.example/x");
        assertThat(read.get("xfcc.0.dns")).containsExactly("a.example", "b.example");
    }

    @ParameterizedTest(name = "http2={0}")
    @ValueSource(booleans = {false, true})
    void certgatesFormatWithChainSendsTheChainLeafFirst(boolean http2) throws Exception {
        Received received = send("/certgate", CLIENT, http2);
        assertThat(presentCertificateHeaders(received)).containsExactly("X-Client-Cert-Verify", "X-Client-Cert-Subject",
                "X-Client-Cert-Issuer", "X-Client-Cert-Serial", "X-Client-Cert-Fingerprint", "X-Client-Cert",
                "X-Client-Cert-Chain");
        assertThat(received.headers("X-Client-Cert-Verify")).containsExactly("SUCCESS");
        Map<String, List<String>> read = read(received);
        List<String> chain = sentChain();
        assertThat(read.get("x-client-cert")).containsExactly(chain.get(0));
        assertThat(read.get("x-client-cert-chain")).containsExactlyElementsOf(chain);
    }

    @ParameterizedTest(name = "http2={0}")
    @ValueSource(booleans = {false, true})
    void everyFormatTogetherDescribesTheSameCertificate(boolean http2) throws Exception {
        Received received = send("/all", CLIENT, http2);
        assertThat(presentCertificateHeaders(received)).containsExactlyElementsOf(CERTIFICATE_HEADERS);
        for (String name : CERTIFICATE_HEADERS) {
            assertThat(received.headers(name)).as(name + ": certgate's one copy").hasSize(1)
                    .noneMatch(v -> v.toLowerCase(Locale.ROOT).contains("forged") || v.contains("Zm9yZ2Vk")
                            || v.contains("evil"));
        }
        Map<String, List<String>> read = read(received);
        String leaf = sentChain().get(0);
        assertThat(List.of(read.get("client-cert").get(0), read.get("xfcc.0.cert").get(0),
                read.get("x-client-cert").get(0))).containsOnly(leaf);
    }

    @ParameterizedTest(name = "http2={0}")
    @ValueSource(booleans = {false, true})
    void noFormatConfiguredStillLetsNoClientCopyThrough(boolean http2) {
        Received received = send("/none", CLIENT, http2);
        assertThat(presentCertificateHeaders(received)).isEmpty();
        assertThat(received.headers("X-Remote-User")).as("no account mapping here").isEmpty();
        assertThat(received.headers("X-Forwarded-For")).containsExactly("127.0.0.1");
    }

    @ParameterizedTest(name = "http2={0}")
    @ValueSource(booleans = {false, true})
    void aClientWithoutACertificateGetsNoCertificateDescribedInAnyFormat(boolean http2) {
        Received received = send("/all", null, http2);
        assertThat(presentCertificateHeaders(received)).containsExactly("X-Client-Cert-Verify");
        assertThat(received.headers("X-Client-Cert-Verify")).containsExactly("NONE");
    }
}
