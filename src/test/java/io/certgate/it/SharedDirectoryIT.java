package io.certgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.testing.BackendProcess;
import io.certgate.testing.Curl;
import io.certgate.testing.RunningGateway;
import io.certgate.testing.Slapd;
import io.certgate.testing.World;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two sites of one gateway that map through the same directory (a real OpenLDAP {@code slapd})
 * share its cache: once one site has mapped a certificate, the other maps it from that answer,
 * even after the directory has stopped, and the backend receives the account and its groups.
 */
class SharedDirectoryIT {

    private static final String BIND_DN = "cn=certgate,ou=services,dc=example,dc=com";
    private static final String BIND_PASSWORD = "it-bind-password";

    @TempDir
    Path dir;

    private BackendProcess backend;
    private RunningGateway gateway;
    private Slapd slapd;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (backend != null) {
            backend.close();
        }
        if (slapd != null) {
            slapd.close();
        }
    }

    @Test
    void aCertificateOneSiteMappedIsMappedByTheOtherFromTheSharedCache() throws Exception {
        World world = World.create(dir);
        world.addClient("sara-shared", world.pki().client("sara-shared").upn("sara@example.com").build());
        world.addClient("nico-new", world.pki().client("nico-new").upn("nico@example.com").build());
        slapd = Slapd.start(dir.resolve("ldap"), Slapd.freePort(), "dc=example,dc=com", BIND_DN, BIND_PASSWORD,
                List.of("/ldap/ad-like.schema"), """
                dn: cn=sara-shared,dc=example,dc=com
                objectClass: user
                cn: sara-shared
                sn: sara-shared
                sAMAccountName: sara-shared
                userPrincipalName: sara@example.com
                memberOf: cn=Staff,ou=groups,dc=example,dc=com

                dn: cn=nico-new,dc=example,dc=com
                objectClass: user
                cn: nico-new
                sn: nico-new
                sAMAccountName: nico-new
                userPrincipalName: nico@example.com
                memberOf: cn=Staff,ou=groups,dc=example,dc=com
                """);
        world.write("secrets/ldap.pw", BIND_PASSWORD + "\n");
        backend = BackendProcess.start();
        String site = """
                  - hosts: ["%s"]
                    certificate: tls/server.pem
                    key: tls/server.key
                    clientCertificates:
                      mode: require
                      trustedRoots: [pki/root.pem]
                      intermediates: [pki/intermediate.pem]
                    directoryMapping:
                      - { directory: corp, form: upn, strength: compatibility }
                    locations:
                      - path: /
                        access: { allowGroups: [Staff] }
                        proxy: %s
                """;
        gateway = RunningGateway.start(dir, """
                directories:
                  corp:
                    url: ldap://127.0.0.1:%d
                    bindDn: %s
                    bindPassword: { file: secrets/ldap.pw }
                    baseDn: dc=example,dc=com
                    userFilter: "(objectClass=user)"
                    groups: memberOf
                    timeout: 2s
                    cacheTtl: 10m
                listen:
                  - address: 127.0.0.1:0
                sites:
                """.formatted(slapd.port(), BIND_DN)
                // SNI "localhost" picks the first site; a request to the IP sends none and gets the default one.
                + site.formatted("localhost", backend.url()) + site.formatted("*", backend.url()));

        Curl.Response first = world.curl(gateway, "/shop", "sara-shared").run();
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).contains("header x-remote-user: sara-shared", "header x-remote-groups: Staff");

        slapd.close();
        slapd = null;
        Curl.Response second = Curl.get("https://127.0.0.1:" + gateway.port() + "/intranet").cacert(world.root())
                .cert(world.clientPem("sara-shared"), world.clientKey("sara-shared")).run();
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.body()).contains("header x-remote-user: sara-shared", "header x-remote-groups: Staff");

        // The directory is down indeed: a certificate no site has looked up cannot be mapped.
        Curl.Response unknown = Curl.get("https://127.0.0.1:" + gateway.port() + "/intranet").cacert(world.root())
                .cert(world.clientPem("nico-new"), world.clientKey("nico-new")).run();
        assertThat(unknown.header("certgate-status")).as(unknown.body()).isEqualTo("503 directory-unavailable");
        assertThat(unknown.body()).doesNotContain("header x-remote-user");
    }
}
