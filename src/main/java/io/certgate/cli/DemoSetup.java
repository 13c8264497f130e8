package io.certgate.cli;

import io.certgate.pki.Credential;
import io.certgate.pki.CrlReason;
import io.certgate.pki.PemFiles;
import io.certgate.pki.RevocationList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Writes the demo's throwaway world into a directory: a PKI (root, intermediate, a localhost
 * server certificate, one client certificate per outcome, CRLs), a small site and a
 * configuration that uses the README's keys as an administrator would write them.
 */
final class DemoSetup {

    /** One curl line of the demo: what it shows, the answer to expect, the client files to use. */
    record Outcome(String expect, String what, String client, String path) {
    }

    static final List<Outcome> OUTCOMES = List.of(
            new Outcome("200", "a valid client certificate", "alice", "/"),
            new Outcome("403.7", "no client certificate where one is required", null, "/"),
            new Outcome("403.13", "a revoked client certificate", "carol-revoked", "/"),
            new Outcome("403.16", "a certificate from a CA this site does not trust", "eve-untrusted", "/"),
            new Outcome("403.17", "an expired client certificate", "bob-expired", "/"),
            new Outcome("200", "no certificate on a location in accept mode: let in anonymously", null, "/open/"));

    private DemoSetup() {
    }

    /** Writes everything under {@code dir} and returns the configuration file. */
    static Path write(Path dir, int port, Instant now) throws IOException {
        Credential root = Credential.builder().subject("CN=certgate demo root CA,O=certgate demo")
                .certificateAuthority(1).now(now).validFor(java.time.Duration.ofDays(3650)).build();
        Credential intermediate = Credential.builder().subject("CN=certgate demo issuing CA,O=certgate demo")
                .certificateAuthority(0).issuedBy(root).now(now).validFor(java.time.Duration.ofDays(1825)).build();
        Credential server = Credential.builder().subject("CN=localhost").serverAuth()
                .dns("localhost").ip("127.0.0.1").ip("::1").issuedBy(intermediate).now(now).build();
        Credential alice = client("CN=alice,OU=Engineering,O=certgate demo", intermediate, now).email("alice@demo.example").build();
        Credential carol = client("CN=carol,OU=Sales,O=certgate demo", intermediate, now).build();
        Credential bob = client("CN=bob,OU=Sales,O=certgate demo", intermediate, now).expired().build();
        Credential rogueRoot = Credential.builder().subject("CN=rogue CA,O=not trusted").certificateAuthority(0)
                .now(now).build();
        Credential eve = client("CN=eve,O=not trusted", rogueRoot, now).build();

        Path pki = dir.resolve("pki");
        root.writeCertificate(pki.resolve("root.pem"));
        intermediate.writeCertificate(pki.resolve("intermediate.pem"));
        PemFiles.writeCrl(pki.resolve("root.crl"), RevocationList.builder(root).thisUpdate(now.minusSeconds(300)).build(), false);
        PemFiles.writeCrl(pki.resolve("intermediate.crl"), RevocationList.builder(intermediate)
                .thisUpdate(now.minusSeconds(300)).revoke(carol, CrlReason.KEY_COMPROMISE).build(), false);
        server.writeChain(dir.resolve("tls/server.pem"));
        server.writeKey(dir.resolve("tls/server.key"));
        for (var entry : List.of(
                java.util.Map.entry("alice", alice), java.util.Map.entry("carol-revoked", carol),
                java.util.Map.entry("bob-expired", bob), java.util.Map.entry("eve-untrusted", eve))) {
            entry.getValue().writeChain(dir.resolve("clients/" + entry.getKey() + ".pem"));
            entry.getValue().writeKey(dir.resolve("clients/" + entry.getKey() + ".key"));
        }

        Files.createDirectories(dir.resolve("www/open"));
        Files.writeString(dir.resolve("www/index.html"), "<!DOCTYPE html><title>certgate demo</title>\n"
                + "<h1>Welcome</h1><p>You presented a valid client certificate.</p>\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("www/open/index.html"), "<!DOCTYPE html><title>certgate demo: open</title>\n"
                + "<h1>Open area</h1><p>Mode accept: a certificate is welcome, none is fine too.</p>\n",
                StandardCharsets.UTF_8);

        Path config = dir.resolve("certgate.yaml");
        Files.writeString(config, """
                # certgate demo configuration: every key is described in README.md, under Configuration.
                listen:
                  - address: 127.0.0.1:%d
                sites:
                  - hosts: ["localhost", "*"]
                    certificate: tls/server.pem
                    key: tls/server.key
                    clientCertificates:
                      mode: require
                      trustedRoots: [pki/root.pem]
                      intermediates: [pki/intermediate.pem]
                      advertise: trusted
                      maxChainLength: 5
                      revocation:
                        crlFiles: [pki/intermediate.crl, pki/root.crl]
                        onUnavailable: deny
                    locations:
                      - path: /open
                        clientCertificates: { mode: accept }
                        root: www/open
                      - path: /
                        root: www
                errors:
                  detail: detailed
                accessLog:
                  file: logs/access.log
                  format: w3c
                  # IIS's default fields, then certgate's reason code for each certificate's answer
                  fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken x-reason
                """.formatted(port), StandardCharsets.UTF_8);
        return config;
    }

    private static Credential.Builder client(String subject, Credential issuer, Instant now) {
        return Credential.builder().subject(subject).clientAuth().issuedBy(issuer).now(now);
    }

    /** The curl command line for one outcome. */
    static String curl(Path dir, int port, Outcome outcome) {
        StringBuilder line = new StringBuilder("curl --cacert ").append(dir.resolve("pki/root.pem"));
        if (outcome.client() != null) {
            line.append(" --cert ").append(dir.resolve("clients/" + outcome.client() + ".pem"))
                    .append(" --key ").append(dir.resolve("clients/" + outcome.client() + ".key"));
        }
        return line.append(" https://localhost:").append(port).append(outcome.path()).toString();
    }
}
