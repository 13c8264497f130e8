package io.certgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.ClientCertMode;
import io.certgate.config.ErrorDetail;
import io.certgate.validation.Verdict;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A site finds the location of a path by the longest matching prefix, whatever the configuration order. */
class SiteTest {

    private static final Location ROOT = new Location("/", ClientCertMode.REQUIRE, null);
    private static final Location PUBLIC = new Location("/public", ClientCertMode.IGNORE, null);
    private static final Location PUBLIC_SECRET = new Location("/public/secret", ClientCertMode.REQUIRE, null);
    private static final Location ADMIN = new Location("/admin", ClientCertMode.REQUIRE, null);

    private static Site site(Location... locations) {
        return new Site("app", List.of("app.example.com"), List.of(locations), true,
                chain -> CompletableFuture.completedFuture(Verdict.missing()), io.certgate.identity.CertificateMapper.none(),
                ErrorDetail.DETAILED);
    }

    @Test
    void longestMatchingPrefixWinsWhateverTheOrder() {
        Site rootFirst = site(ROOT, PUBLIC, PUBLIC_SECRET);
        Site rootLast = site(PUBLIC_SECRET, PUBLIC, ROOT);

        for (Site site : List.of(rootFirst, rootLast)) {
            assertThat(site.locate("/public/secret/key.pem")).contains(PUBLIC_SECRET);
            assertThat(site.locate("/public/secret")).contains(PUBLIC_SECRET);
            assertThat(site.locate("/public/index.html")).contains(PUBLIC);
            assertThat(site.locate("/public/secretary")).contains(PUBLIC);
            assertThat(site.locate("/publicity")).contains(ROOT);
            assertThat(site.locate("/")).contains(ROOT);
        }
    }

    @Test
    void pathUnderNoLocationIsNotLocated() {
        Site site = site(PUBLIC, ADMIN);

        assertThat(site.locate("/")).isEqualTo(Optional.empty());
        assertThat(site.locate("/administrator")).isEmpty();
        assertThat(site.locate("/admin/users")).contains(ADMIN);
    }
}
