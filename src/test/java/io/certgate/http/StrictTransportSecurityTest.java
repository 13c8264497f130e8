package io.certgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.ErrorDetail;
import io.certgate.config.ErrorsConfig;
import io.certgate.identity.CertificateMapper;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RFC 6797: the site's Strict-Transport-Security on every final answer of its HTTPS connections. */
class StrictTransportSecurityTest {

    private static Site site(Optional<String> hsts) {
        return new Site("app", List.of("app.example.com"), List.of(), false, chain -> null, CertificateMapper.none(),
                ErrorsConfig.of(ErrorDetail.DETAILED), List.of(), hsts);
    }

    private static FullHttpResponse written(Site site, HttpResponseStatus status, String backendsOwn) {
        EmbeddedChannel channel = new EmbeddedChannel(StrictTransportSecurity.INSTANCE);
        Connection.attach(channel, RequestPipeline.hostTable(List.of(site)), true).selectSite("app.example.com", site);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
        if (backendsOwn != null) {
            response.headers().set("Strict-Transport-Security", backendsOwn);
        }
        channel.writeOutbound(response);
        FullHttpResponse out = channel.readOutbound();
        out.release();
        channel.finishAndReleaseAll();
        return out;
    }

    @Test
    void everyAnswerOfASiteWithHstsCarriesIt() {
        Site site = site(Optional.of("max-age=15552000"));
        for (HttpResponseStatus status : List.of(HttpResponseStatus.OK, HttpResponseStatus.FORBIDDEN,
                HttpResponseStatus.BAD_GATEWAY, HttpResponseStatus.NOT_MODIFIED)) {
            assertThat(written(site, status, null).headers().get("Strict-Transport-Security")).as(status.toString())
                    .isEqualTo("max-age=15552000");
        }
    }

    @Test
    void theSitesPolicyReplacesABackendsOwnButWithoutHstsTheBackendsPasses() {
        assertThat(written(site(Optional.of("max-age=60")), HttpResponseStatus.OK, "max-age=0").headers()
                .getAll("Strict-Transport-Security")).containsExactly("max-age=60");
        assertThat(written(site(Optional.empty()), HttpResponseStatus.OK, "max-age=99").headers()
                .get("Strict-Transport-Security")).isEqualTo("max-age=99");
        assertThat(written(site(Optional.empty()), HttpResponseStatus.OK, null).headers()
                .contains("Strict-Transport-Security")).isFalse();
    }

    @Test
    void informationalAnswersAreLeftAlone() {
        assertThat(written(site(Optional.of("max-age=60")), HttpResponseStatus.CONTINUE, null).headers()
                .contains("Strict-Transport-Security")).isFalse();
    }
}
