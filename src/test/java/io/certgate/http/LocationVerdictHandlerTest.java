package io.certgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.AccessRuleConfig;
import io.certgate.config.ClientCertMode;
import io.certgate.config.ErrorDetail;
import io.certgate.validation.ClientCertificateJudge;
import io.certgate.validation.Verdict;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A location with certificate policies of its own has its verdict in before RequestGate sees a
 * request there; other locations, and certificates the site already refused, cost nothing.
 */
class LocationVerdictHandlerTest {

    private static final ClientCertificates CERTIFICATES = new ClientCertificates();

    private final Verdict valid = CERTIFICATES.verdictOn(CERTIFICATES.alice);
    private final Verdict revoked = CERTIFICATES.verdictOn(CERTIFICATES.revoked);
    private final StubJudge strictJudge = new StubJudge();
    private final Location strict = new Location("/strict", ClientCertMode.REQUIRE, Path.of("/srv"), null,
            AccessRuleConfig.NONE, strictJudge);
    private final Location plain = new Location("/", ClientCertMode.REQUIRE, Path.of("/srv"));
    private final List<Object> passed = new ArrayList<>();
    private final List<Verdict> verdictSeen = new ArrayList<>();
    private EmbeddedChannel channel;
    private Connection connection;

    @AfterEach
    void close() {
        passed.forEach(ReferenceCountUtil::release);
        channel.finishAndReleaseAll();
    }

    @Test
    void aLocationWithoutAJudgeOfItsOwnIsDecidedOnTheSitesVerdictWithoutAskingAnyone() {
        open(valid);

        channel.writeInbound(RequestPipeline.request(HttpMethod.GET, "/index.html", "localhost"));

        assertThat(passed).hasSize(1);
        assertThat(strictJudge.asked).isEmpty();
        assertThat(verdictSeen).containsExactly(valid);
    }

    @Test
    void aRequestToAStricterLocationWaitsForItsVerdictWithItsBodyAndReadingPaused() {
        open(valid);
        strictJudge.next = new CompletableFuture<>();

        channel.writeInbound(RequestPipeline.headWithBody(HttpMethod.POST, "/strict/form", "localhost", 4),
                RequestPipeline.part("ab"), RequestPipeline.lastPart("cd"));

        assertThat(passed).isEmpty();
        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(strictJudge.asked).containsExactly(CERTIFICATES.alice.chainWithoutRoot());

        strictJudge.next.complete(revoked);
        channel.runPendingTasks();

        assertThat(passed).hasSize(3);
        assertThat(passed.get(0)).isInstanceOf(HttpRequest.class);
        assertThat(passed.subList(1, 3)).allSatisfy(part -> assertThat(part).isInstanceOf(HttpContent.class));
        assertThat(verdictSeen).as("the location's verdict decides there").containsExactly(revoked);
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void theLocationsVerdictIsAskedForOncePerConnectionWhileItIsCurrent() {
        open(valid);
        strictJudge.next = CompletableFuture.completedFuture(valid);

        channel.writeInbound(RequestPipeline.request(HttpMethod.GET, "/strict/a", "localhost"));
        channel.writeInbound(RequestPipeline.request(HttpMethod.GET, "/STRICT/b", "localhost"));
        strictJudge.current = false;
        channel.writeInbound(RequestPipeline.request(HttpMethod.GET, "/strict/c", "localhost"));

        assertThat(passed).hasSize(3);
        assertThat(strictJudge.asked).as("once, then again when that verdict is no longer current").hasSize(2);
    }

    @Test
    void aCertificateTheSiteRefusedIsNotJudgedAgainForTheLocation() {
        open(revoked);

        channel.writeInbound(RequestPipeline.request(HttpMethod.GET, "/strict/a", "localhost"));

        assertThat(passed).hasSize(1);
        assertThat(strictJudge.asked).isEmpty();
        assertThat(verdictSeen).containsExactly(revoked);
    }

    @Test
    void withoutACertificateTheLocationIsNotAsked() {
        open(Verdict.missing());

        channel.writeInbound(RequestPipeline.request(HttpMethod.GET, "/strict/a", "localhost"));

        assertThat(passed).hasSize(1);
        assertThat(strictJudge.asked).isEmpty();
        assertThat(verdictSeen).containsExactly(Verdict.missing());
    }

    @Test
    void aNewSiteVerdictForgetsTheLocationsVerdict() {
        open(valid);
        strictJudge.next = CompletableFuture.completedFuture(valid);
        channel.writeInbound(RequestPipeline.request(HttpMethod.GET, "/strict/a", "localhost"));

        connection.verdict(CompletableFuture.completedFuture(valid)); // a refresh or a renegotiated handshake
        channel.writeInbound(RequestPipeline.request(HttpMethod.GET, "/strict/b", "localhost"));

        assertThat(strictJudge.asked).hasSize(2);
    }

    private void open(Verdict siteVerdict) {
        channel = new EmbeddedChannel();
        Site site = RequestPipeline.site("localhost", List.of("localhost"), chain -> CompletableFuture.completedFuture(siteVerdict),
                ErrorDetail.DETAILED, strict, plain);
        connection = Connection.attach(channel, RequestPipeline.hostTable(List.of(site)), true);
        connection.selectSite("localhost", site);
        connection.presented(CERTIFICATES.alice.chainWithoutRoot());
        connection.verdict(CompletableFuture.completedFuture(siteVerdict));
        channel.pipeline().addLast(new LocationVerdictHandler(), collector());
    }

    /** Takes what the handler passes on, and the verdict RequestGate would decide each request on. */
    private ChannelInboundHandlerAdapter collector() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                passed.add(msg);
                if (msg instanceof HttpRequest request) {
                    Connection of = Connection.of(ctx.channel());
                    Location location = of.site().locate(RequestPath.read(request.uri()).path().get().routing()).get();
                    verdictSeen.add(of.verdictAt(location));
                }
            }
        };
    }

    /** A location judge whose verdicts are current until the test says otherwise. */
    private static final class StubJudge implements ClientCertificateJudge {
        final List<List<X509Certificate>> asked = new ArrayList<>();
        boolean current = true;
        CompletableFuture<Verdict> next;

        @Override
        public CompletableFuture<Verdict> judge(List<X509Certificate> chain) {
            asked.add(chain);
            return next;
        }

        @Override
        public boolean isCurrent(Verdict verdict) {
            return current;
        }
    }
}
