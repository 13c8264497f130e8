package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.CrlReason;
import io.certgate.testing.CertgateProcess;
import io.certgate.testing.Curl;
import io.certgate.testing.Slapd;
import io.certgate.testing.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * AD CS's hostless {@code ldap:///} distribution points read through {@code revocation.directory}
 * from a real OpenLDAP {@code slapd} that serves only ldaps:// clients that bind (anonymous reads
 * are refused by its ACL, as a domain that locks down its CDP container): the CRL arrives over
 * TLS checked against the directory's {@code trustedRoots}, with the directory's bind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryCrlIT {

    private static final String ROOT_DN = "cn=certgate,dc=example,dc=com";
    private static final String ROOT_PW = "it-bind-password";
    private static final String HOSTLESS = "ldap:///cn=Issuing%20CA,ou=cdp,dc=example,dc=com"
            + "?certificateRevocationList?base?objectClass=cRLDistributionPoint";

    private World world;
    private Slapd slapd;
    private CertgateProcess gateway;
    private int port;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        world = World.create(dir);
        world.addClient("rita-revoked", world.pki().client("rita-revoked").crlDistributionPoint(HOSTLESS).build());
        world.addClient("gus-good", world.pki().client("gus-good").crlDistributionPoint(HOSTLESS).build());
        X509CRL crl = world.pki().intermediateCrl().revoke(world.client("rita-revoked"), CrlReason.KEY_COMPROMISE).build();
        int tlsPort = Slapd.freePort();
        slapd = Slapd.start(dir.resolve("ldap"), Slapd.freePort(), "dc=example,dc=com", ROOT_DN, ROOT_PW, List.of(),
                """
                dn: ou=cdp,dc=example,dc=com
                objectClass: organizationalUnit
                ou: cdp

                dn: cn=Issuing CA,ou=cdp,dc=example,dc=com
                objectClass: cRLDistributionPoint
                cn: Issuing CA
                certificateRevocationList;binary:: %s
                """.formatted(Base64.getEncoder().encodeToString(crl.getEncoded())),
                Optional.of(new Slapd.Tls(tlsPort, dir.resolve("tls/server.pem"), dir.resolve("tls/server.key"))), false);
        world.write("secrets/ldap.pw", ROOT_PW + "\n");
        Files.writeString(dir.resolve("certgate.yaml"), """
                directories:
                  corp:
                    url: ldaps://127.0.0.1:%d
                    trustedRoots: [pki/root.pem]
                    bindDn: %s
                    bindPassword: { file: secrets/ldap.pw }
                    baseDn: dc=example,dc=com
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
                        fetchDistributionPoints: true
                        directory: corp
                        onUnavailable: deny
                        scope: leaf
                    locations:
                      - path: /
                        root: www
                errors:
                  detail: internal
                """.formatted(tlsPort, ROOT_DN));
        gateway = CertgateProcess.startChecked(dir, "certgate.yaml");
        port = gateway.awaitListening();
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (slapd != null) {
            slapd.close();
        }
    }

    private Curl.Response as(String client) {
        return world.curl(port, "/", client).header("Accept", "text/plain").run();
    }

    @Test
    void aCertificateTheCrlReadThroughTheDirectoryRevokesGets403_13() {
        Curl.Response response = as("rita-revoked");
        assertThat(response.code()).as("%s%n%s", response.body(), gateway.output()).isEqualTo("403.13");
        // Revoked by the CRL that was read, not refused because it could not be read (onUnavailable: deny).
        assertThat(response.body()).contains("according to crl:ldap:///").doesNotContain("is unknown");
    }

    @Test
    void aCertificateTheCrlDoesNotListGets200() {
        Curl.Response response = as("gus-good");
        assertThat(response.status()).as("%s%n%s", response.body(), gateway.output()).isEqualTo(200);
    }
}
