package io.certgate.testing;

import io.certgate.pki.Credential;
import io.certgate.pki.CrlReason;
import io.certgate.pki.PemFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A directory laid out as an administrator would: a PKI, a server certificate for localhost,
 * client certificates for every outcome, CRLs and a small site. Configs written into the same
 * directory use paths relative to it ({@code pki/root.pem}), exactly as SPEC §3 shows.
 *
 * <pre>
 * pki/root.pem pki/intermediate.pem pki/root.crl pki/intermediate.crl
 * tls/server.pem tls/server.key            (localhost, 127.0.0.1, ::1)
 * clients/NAME.pem clients/NAME.key        (chain without root, key)
 * www/index.html www/open/index.html www/public/index.html
 * </pre>
 *
 * Certificates are valid around the real current time, because curl checks the server's
 * certificate against its own clock.
 */
public final class World {

    /** Clients minted in every world, by what they show. */
    public static final String VALID = "alice";
    public static final String EXPIRED = "bob-expired";
    public static final String REVOKED = "carol-revoked";
    public static final String UNTRUSTED = "eve-untrusted";
    public static final String CA_EXPIRED = "dave-ca-expired";
    public static final String NOT_FOR_CLIENTS = "frank-email-only";

    private final Path dir;
    private final TestPki pki;
    private final TestPki rogue;
    private final Map<String, Credential> clients = new LinkedHashMap<>();

    private World(Path dir) {
        this.dir = dir;
        Instant now = Instant.now();
        this.pki = TestPki.create(now);
        this.rogue = TestPki.create(now, "Rogue");
    }

    public static World create(Path dir) {
        World world = new World(dir);
        try {
            world.writeStandardFiles();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return world;
    }

    private void writeStandardFiles() throws IOException {
        pki.root().writeCertificate(dir.resolve("pki/root.pem"));
        pki.intermediate().writeCertificate(dir.resolve("pki/intermediate.pem"));
        Credential server = pki.server("localhost");
        server.writeChain(dir.resolve("tls/server.pem"));
        server.writeKey(dir.resolve("tls/server.key"));

        addClient(VALID, pki.client(VALID).email(VALID + "@example.com").build());
        addClient(EXPIRED, pki.client(EXPIRED).expired().build());
        addClient(REVOKED, pki.client(REVOKED).build());
        addClient(UNTRUSTED, rogue.client(UNTRUSTED).build());
        Credential oldCa = Credential.builder().subject("CN=Expired Issuing CA,O=certgate tests")
                .certificateAuthority(0).issuedBy(pki.root()).now(pki.now()).expired().build();
        addClient(CA_EXPIRED, Credential.builder().subject("CN=" + CA_EXPIRED).clientAuth().issuedBy(oldCa)
                .validity(pki.now().minus(Duration.ofDays(10)), pki.now().plus(Duration.ofDays(300))).build());
        addClient(NOT_FOR_CLIENTS, Credential.builder().subject("CN=" + NOT_FOR_CLIENTS).emailProtectionOnly()
                .issuedBy(pki.intermediate()).now(pki.now()).build());

        writeCrls(pki.intermediateCrl().revoke(clients.get(REVOKED), CrlReason.KEY_COMPROMISE).build());
        PemFiles.writeCrl(dir.resolve("pki/root.crl"), pki.rootCrl().build(), false);

        write("www/index.html", "<h1>hello from the root</h1>\n");
        write("www/open/index.html", "<h1>open area</h1>\n");
        write("www/public/index.html", "<h1>public area</h1>\n");
    }

    /** Replaces the intermediate's CRL file. */
    public void writeCrls(java.security.cert.X509CRL intermediateCrl) throws IOException {
        PemFiles.writeCrl(dir.resolve("pki/intermediate.crl"), intermediateCrl, false);
    }

    /** Writes a client's chain and key as clients/NAME.pem and clients/NAME.key. */
    public Credential addClient(String name, Credential credential) throws IOException {
        credential.writeChain(dir.resolve("clients/" + name + ".pem"));
        credential.writeKey(dir.resolve("clients/" + name + ".key"));
        clients.put(name, credential);
        return credential;
    }

    public void write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    public Path dir() {
        return dir;
    }

    public TestPki pki() {
        return pki;
    }

    public Credential client(String name) {
        return clients.get(name);
    }

    public Path clientPem(String name) {
        return dir.resolve("clients/" + name + ".pem");
    }

    public Path clientKey(String name) {
        return dir.resolve("clients/" + name + ".key");
    }

    public Path root() {
        return dir.resolve("pki/root.pem");
    }

    /** A curl to the gateway that trusts the world's root and presents the named client (or none when null). */
    public Curl curl(RunningGateway gateway, String path, String client) {
        return curl(gateway.url(path), client);
    }

    /** The same, to a gateway process listening on {@code https://localhost:port}. */
    public Curl curl(int port, String path, String client) {
        return curl("https://localhost:" + port + path, client);
    }

    private Curl curl(String url, String client) {
        Curl curl = Curl.get(url).cacert(root());
        return client == null ? curl : curl.cert(clientPem(client), clientKey(client));
    }

    /** The standard single-site config: require at /, accept at /open, ignore at /public. */
    public static String standardConfig(String extraSiteSettings, String extraTopLevel) {
        return """
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
                      revocation:
                        crlFiles: [pki/intermediate.crl, pki/root.crl]
                %s
                    locations:
                      - path: /open
                        clientCertificates: { mode: accept }
                        root: www/open
                      - path: /public
                        clientCertificates: { mode: ignore }
                        root: www/public
                      - path: /
                        root: www
                %s
                """.formatted(indent(extraSiteSettings, 4), extraTopLevel);
    }

    private static String indent(String text, int spaces) {
        if (text.isBlank()) {
            return "";
        }
        String pad = " ".repeat(spaces);
        return pad + text.strip().replace("\n", "\n" + pad);
    }
}
