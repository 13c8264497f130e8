package io.certgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.ErrorDetail;
import io.certgate.validation.ClientCertificateJudge;
import io.certgate.validation.Verdict;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A keep-alive connection whose verdict went stale (a CRL refresh, its validity ended) is judged
 * again before its next request; the request waits for the new verdict without blocking.
 */
class VerdictRefreshHandlerTest {

    private static final ClientCertificates CERTIFICATES = new ClientCertificates();

    private final Verdict valid = CERTIFICATES.verdictOn(CERTIFICATES.alice);
    private final Verdict revoked = CERTIFICATES.verdictOn(CERTIFICATES.revoked);
    private final StubJudge judge = new StubJudge();
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
    void aCurrentVerdictLetsTheRequestThroughWithoutAskingTheJudge() {
        open(valid);

        channel.writeInbound(RequestPipeline.request(HttpMethod.GET, "/", "localhost"));

        assertThat(passed).hasSize(1);
        assertThat(judge.asked).isEmpty();
        assertThat(verdictSeen).containsExactly(valid);
    }

    @Test
    void aStaleVerdictIsDecidedAgainWithThePresentedChain() {
        open(valid);
        judge.current = false;
        judge.next = CompletableFuture.completedFuture(revoked);

        channel.writeInbound(RequestPipeline.request(HttpMethod.GET, "/", "localhost"));

        assertThat(judge.asked).containsExactly(CERTIFICATES.alice.chainWithoutRoot());
        assertThat(verdictSeen).containsExactly(revoked);
    }

    @Test
    void whileTheNewVerdictIsDecidedTheRequestAndItsBodyWaitAndReadingPauses() {
        open(valid);
        judge.current = false;
        judge.next = new CompletableFuture<>();

        channel.writeInbound(RequestPipeline.headWithBody(HttpMethod.POST, "/", "localhost", 4),
                RequestPipeline.part("ab"), RequestPipeline.lastPart("cd"));

        assertThat(passed).isEmpty();
        assertThat(channel.config().isAutoRead()).isFalse();

        judge.next.complete(revoked);
        channel.runPendingTasks();

        assertThat(passed).hasSize(3);
        assertThat(passed.get(0)).isInstanceOf(HttpRequest.class);
        assertThat(passed.subList(1, 3)).allSatisfy(part -> assertThat(part).isInstanceOf(HttpContent.class));
        assertThat(verdictSeen).containsExactly(revoked);
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void anotherHttp2StreamWaitsForTheVerdictTheFirstOneAskedFor() {
        open(valid);
        judge.current = false;
        judge.next = new CompletableFuture<>();
        channel.writeInbound(RequestPipeline.request(HttpMethod.GET, "/a", "localhost"));
        EmbeddedChannel secondStream = new EmbeddedChannel(channel, DefaultChannelId.newInstance(), true, false,
                new VerdictRefreshHandler(), collector());

        secondStream.writeInbound(RequestPipeline.request(HttpMethod.GET, "/b", "localhost"));
        assertThat(passed).as("neither stream goes on without a verdict").isEmpty();

        judge.next.complete(revoked);
        channel.runPendingTasks();
        secondStream.runPendingTasks();

        assertThat(passed).hasSize(2);
        assertThat(verdictSeen).containsExactly(revoked, revoked);
        assertThat(judge.asked).as("decided once for the connection").hasSize(1);
        secondStream.finishAndReleaseAll();
    }

    @Test
    void readingStaysPausedWhileThePipeliningGuardStillHoldsARequestAfterTheVerdictIsIn() {
        open(valid);
        channel.pipeline().addFirst(new PipeliningGuard(new io.certgate.log.GatewayMetrics()));
        judge.current = false;
        judge.next = new CompletableFuture<>();
        channel.writeInbound(RequestPipeline.request(HttpMethod.GET, "/first", "localhost"));
        channel.writeInbound(RequestPipeline.request(HttpMethod.GET, "/pipelined", "localhost"));
        assertThat(channel.config().isAutoRead()).isFalse();

        judge.next.complete(valid);
        channel.runPendingTasks();

        assertThat(passed).as("the first request goes on; the second waits for the first's answer").hasSize(1);
        assertThat(channel.config().isAutoRead()).as("the guard still holds the second: no more reading").isFalse();
    }

    @Test
    void aConnectionWithoutACertificateIsNeverJudgedAgain() {
        open(Verdict.missing());
        judge.current = false;

        channel.writeInbound(RequestPipeline.request(HttpMethod.GET, "/", "localhost"));

        assertThat(passed).hasSize(1);
        assertThat(judge.asked).isEmpty();
    }

    @Test
    void whatWasHeldIsReleasedWhenTheClientGoesAway() {
        open(valid);
        judge.current = false;
        judge.next = new CompletableFuture<>();
        HttpContent part = RequestPipeline.part("ab");
        channel.writeInbound(RequestPipeline.headWithBody(HttpMethod.POST, "/", "localhost", 4), part);

        channel.close();
        judge.next.complete(revoked);
        channel.runPendingTasks();

        assertThat(passed).isEmpty();
        assertThat(part.refCnt()).isZero();
    }

    private void open(Verdict verdict) {
        channel = new EmbeddedChannel();
        Site site = RequestPipeline.site("localhost", List.of("localhost"), judge, ErrorDetail.DETAILED);
        connection = Connection.attach(channel, RequestPipeline.hostTable(List.of(site)), true);
        connection.selectSite("localhost", site);
        connection.presented(CERTIFICATES.alice.chainWithoutRoot());
        connection.verdict(CompletableFuture.completedFuture(verdict));
        channel.pipeline().addLast(new VerdictRefreshHandler(), collector());
    }

    /** Takes what the handler passes on, and the verdict each request found. */
    private ChannelInboundHandlerAdapter collector() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                passed.add(msg);
                if (msg instanceof HttpRequest) {
                    verdictSeen.add(Connection.of(ctx.channel()).verdict().getNow(null));
                }
            }
        };
    }

    /** A judge whose verdicts are current until the test says otherwise. */
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
