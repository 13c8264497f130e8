package io.certgate.server;

import static io.certgate.testing.PolicyPki.PIV_AUTH;
import static io.certgate.testing.PolicyPki.PIV_CARD_AUTH;
import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.ConfigLoader;
import io.certgate.http.Site;
import io.certgate.log.GatewayMetrics;
import io.certgate.testing.PolicyPki;
import io.certgate.testing.World;
import io.certgate.validation.Reason;
import io.certgate.validation.ValidationPolicy;
import io.certgate.validation.VerdictCache;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which locations get a verdict of their own: one judge per distinct policy setting, shared by
 * the locations that have it, none where the site's verdict is the whole answer.
 */
class LocationJudgesTest {

    @TempDir
    Path dir;

    @Test
    void locationsWithTheSamePoliciesShareOneJudgeAndOthersHaveNone() throws Exception {
        World world = World.create(dir);
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
                      policies: { required: ["%1$s", "%2$s"] }
                    locations:
                      - path: /a
                        clientCertificates: { policies: { required: ["%1$s"] } }
                        root: www
                      - path: /b
                        clientCertificates: { policies: { required: ["%1$s"], requireExplicit: true } }
                        root: www
                      - path: /c
                        clientCertificates: { policies: { required: ["%1$s"], inhibitMapping: true } }
                        root: www
                      - path: /same-as-site
                        clientCertificates: { policies: { required: ["%2$s", "%1$s"] } }
                        root: www
                      - path: /
                        root: www
                """.formatted(PIV_AUTH, PIV_CARD_AUTH));

        Site site = new RuntimeBuilder(SslProvider.JDK, Runnable::run, Clock.systemUTC(), "test", new GatewayMetrics())
                .sites(ConfigLoader.load(dir.resolve("certgate.yaml"))).lookup("localhost");

        assertThat(judge(site, "/a")).isNotNull().isSameAs(judge(site, "/b"));
        assertThat(judge(site, "/c")).isNotNull().isNotSameAs(judge(site, "/a"));
        assertThat(judge(site, "/same-as-site")).as("the site's verdict already says it").isNull();
        assertThat(judge(site, "/")).isNull();
        VerdictCache strict = (VerdictCache) judge(site, "/c");
        assertThat(strict.validator().policy().policies())
                .isEqualTo(new ValidationPolicy.CertificatePolicies(Set.of(PIV_AUTH), true, true, false));
        assertThat(((VerdictCache) site.judge()).validator().policy().policies())
                .isEqualTo(new ValidationPolicy.CertificatePolicies(Set.of(PIV_AUTH, PIV_CARD_AUTH), true, false, false));
        // Same trust and revocation as the site: a card certificate the site accepts fails only /a's requirement.
        PolicyPki policies = PolicyPki.under(world.pki());
        var card = policies.client("card", policies.policyCa(), PIV_CARD_AUTH).chainWithoutRoot();
        assertThat(site.judge().judge(card).join().reason()).isEqualTo(Reason.OK);
        assertThat(judge(site, "/a").judge(card).join().reason()).isEqualTo(Reason.POLICY);
    }

    private static io.certgate.validation.ClientCertificateJudge judge(Site site, String path) {
        return site.locate(path).orElseThrow().judge();
    }
}
