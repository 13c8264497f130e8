package io.certgate.http;

import static io.certgate.http.RequestPipeline.headWithBody;
import static io.certgate.http.RequestPipeline.lastPart;
import static io.certgate.http.RequestPipeline.part;
import static io.certgate.http.RequestPipeline.request;
import static io.certgate.http.RequestPipeline.site;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.AccessRuleConfig;
import io.certgate.config.ClientCertMode;
import io.certgate.config.ErrorDetail;
import io.certgate.validation.Reason;
import io.certgate.validation.Verdict;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate in the HTTPS pipeline: a location's client-certificate mode applied to the
 * connection's verdict (SPEC §4), and the routing answers that come before it (400, 421, 404).
 */
class RequestGateTest {

    private static ClientCertificates certs;

    @TempDir
    Path www;
    private Site site;

    @BeforeAll
    static void mintCertificates() {
        certs = new ClientCertificates();
    }

    @BeforeEach
    void siteWithOneLocationPerMode() throws IOException {
        Path root = www.toRealPath();
        for (String dir : List.of("required", "accepted", "ignored")) {
            Files.createDirectories(root.resolve(dir));
            Files.writeString(root.resolve(dir).resolve("page.txt"), "hello from " + dir + "\n");
        }
        site = site("app", List.of("app.example.com"), certs.judge(), ErrorDetail.DETAILED,
                new Location("/required", ClientCertMode.REQUIRE, root.resolve("required")),
                new Location("/accepted", ClientCertMode.ACCEPT, root.resolve("accepted")),
                new Location("/ignored", ClientCertMode.IGNORE, root.resolve("ignored")));
    }

    private RequestPipeline.Answer get(Verdict verdict, String uri) {
        try (RequestPipeline connection = RequestPipeline.https(site, verdict)) {
            return connection.send(request(GET, uri, "app.example.com"));
        }
    }

    @Test
    void missingCertificateOnRequireLocationGets403_7() {
        RequestPipeline.Answer answer = get(Verdict.missing(), "/required/page.txt");

        assertThat(answer.code()).isEqualTo(403);
        assertThat(answer.header(ErrorResponses.STATUS_HEADER)).isEqualTo("403.7 client-certificate-required");
    }

    @Test
    void expiredCertificateOnRequireLocationGets403_17() {
        RequestPipeline.Answer answer = get(certs.verdictOn(certs.expired), "/required/page.txt");

        assertThat(answer.code()).isEqualTo(403);
        assertThat(answer.header(ErrorResponses.STATUS_HEADER)).isEqualTo("403.17 client-certificate-expired");
        assertThat(answer.text()).contains("CN=bob").contains("expired");
    }

    @Test
    void certificateFromAnUntrustedCaOnRequireLocationGets403_16() {
        RequestPipeline.Answer answer = get(certs.verdictOn(certs.stranger), "/required/page.txt");

        assertThat(answer.code()).isEqualTo(403);
        assertThat(answer.header(ErrorResponses.STATUS_HEADER)).isEqualTo("403.16 client-certificate-untrusted");
    }

    @Test
    void revokedCertificateOnRequireLocationGets403_13() {
        RequestPipeline.Answer answer = get(certs.verdictOn(certs.revoked), "/required/page.txt");

        assertThat(answer.code()).isEqualTo(403);
        assertThat(answer.header(ErrorResponses.STATUS_HEADER)).isEqualTo("403.13 client-certificate-revoked");
    }

    @Test
    void validCertificateOnRequireLocationGetsTheFile() {
        RequestPipeline.Answer answer = get(certs.verdictOn(certs.alice), "/required/page.txt");

        assertThat(answer.code()).isEqualTo(200);
        assertThat(answer.text()).isEqualTo("hello from required\n");
        assertThat(answer.header(ErrorResponses.STATUS_HEADER)).isNull();
    }

    @Test
    void aLocationWithPoliciesOfItsOwnIsDecidedOnItsOwnVerdictOnceTheSitesIsValid() throws IOException {
        Verdict valid = certs.verdictOn(certs.alice);
        String detail = "certificate CN=alice is not valid for the required certificate policy 1.2.3 (requireExplicit):"
                + " its path is valid for no policy";
        Verdict policy = new Verdict(Reason.POLICY, detail, detail, valid.client(), Optional.empty(),
                List.of(), List.of(), List.of(), valid.decidedAt(), valid.validUntil(), 0, Optional.empty());
        Path root = www.toRealPath();
        site = site("app", List.of("app.example.com"), certs.judge(), ErrorDetail.DETAILED,
                new Location("/strict", ClientCertMode.REQUIRE, root.resolve("required"), null, AccessRuleConfig.NONE,
                        chain -> CompletableFuture.completedFuture(policy)),
                new Location("/required", ClientCertMode.REQUIRE, root.resolve("required")));

        RequestPipeline.Answer strict = get(valid, "/strict/page.txt");
        RequestPipeline.Answer elsewhere = get(valid, "/required/page.txt");
        RequestPipeline.Answer noCertificate = get(Verdict.missing(), "/strict/page.txt");

        assertThat(strict.code()).isEqualTo(403);
        assertThat(strict.header(ErrorResponses.STATUS_HEADER)).isEqualTo("403.16 client-certificate-untrusted");
        assertThat(strict.text()).contains("is not valid for the required certificate policy 1.2.3");
        assertThat(elsewhere.code()).isEqualTo(200);
        assertThat(noCertificate.header(ErrorResponses.STATUS_HEADER)).as("the site's verdict decides first")
                .isEqualTo("403.7 client-certificate-required");
    }

    @Test
    void missingCertificateOnAcceptLocationIsServedAnonymously() {
        RequestPipeline.Answer answer = get(Verdict.missing(), "/accepted/page.txt");

        assertThat(answer.code()).isEqualTo(200);
        assertThat(answer.text()).isEqualTo("hello from accepted\n");
    }

    @Test
    void invalidCertificateOnAcceptLocationIsRefusedLikeRequire() {
        RequestPipeline.Answer answer = get(certs.verdictOn(certs.expired), "/accepted/page.txt");

        assertThat(answer.code()).isEqualTo(403);
        assertThat(answer.header(ErrorResponses.STATUS_HEADER)).startsWith("403.17 ");
    }

    @Test
    void invalidCertificateOnIgnoreLocationIsDiscardedAndTheFileServed() {
        RequestPipeline.Answer answer = get(certs.verdictOn(certs.stranger), "/ignored/page.txt");

        assertThat(answer.code()).isEqualTo(200);
        assertThat(answer.text()).isEqualTo("hello from ignored\n");
    }

    @Test
    void hostNamingAnotherConfiguredSiteGets421() throws IOException {
        Site other = site("other", List.of("other.example.com"), certs.judge(), ErrorDetail.DETAILED,
                new Location("/", ClientCertMode.IGNORE, www.toRealPath()));
        try (RequestPipeline connection = RequestPipeline.https(List.of(site, other), site, "app.example.com",
                Verdict.missing(), new FileCache(FileCache.DEFAULT_MAX_BYTES))) {
            RequestPipeline.Answer answer = connection.send(request(GET, "/ignored/page.txt", "other.example.com:8443"));

            assertThat(answer.code()).isEqualTo(421);
            assertThat(answer.text()).doesNotContain("hello");
        }
    }

    @Test
    void hostNamingNoSiteGets421WhenTheHandshakeNamedASiteWithoutTheDefault() {
        try (RequestPipeline connection = RequestPipeline.https(site, Verdict.missing())) {
            RequestPipeline.Answer answer = connection.send(request(GET, "/ignored/page.txt", "unknown.example"));

            assertThat(answer.code()).isEqualTo(421);
            assertThat(answer.text()).contains("does not serve unknown.example");
        }
    }

    @Test
    void hostNamingNoSiteIsServedByTheDefaultSite() throws IOException {
        Site catchAll = site("default", List.of("app.example.com", "*"), certs.judge(), ErrorDetail.DETAILED,
                new Location("/", ClientCertMode.IGNORE, www.toRealPath()));
        try (RequestPipeline connection = RequestPipeline.https(List.of(catchAll), catchAll, "app.example.com",
                Verdict.missing(), new FileCache(FileCache.DEFAULT_MAX_BYTES))) {
            assertThat(connection.send(request(GET, "/ignored/page.txt", "unknown.example")).code()).isEqualTo(200);
        }
    }

    @Test
    void parametersThatPutAPathUnderAnotherLocationForSomeBackendsGet400() {
        try (RequestPipeline connection = RequestPipeline.https(site, Verdict.missing())) {
            // Tomcat reads /ignored;x/page.txt as /ignored/page.txt; Go and IIS keep the segment whole.
            RequestPipeline.Answer answer = connection.send(request(GET, "/ignored;x/page.txt", "app.example.com"));

            assertThat(answer.code()).isEqualTo(400);
            assertThat(answer.header("Certgate-Status")).isEqualTo("400 bad-request");
            assertThat(answer.text()).contains(";parameters");
        }
    }

    @Test
    void parametersInsideOneLocationAreFine() {
        try (RequestPipeline connection = RequestPipeline.https(site, Verdict.missing())) {
            RequestPipeline.Answer answer = connection.send(request(GET, "/ignored/page.txt;v=1", "app.example.com"));

            assertThat(answer.code()).isNotEqualTo(400);
        }
    }

    @Test
    void hostNamingTheChosenSiteWithAPortIsServed() {
        try (RequestPipeline connection = RequestPipeline.https(site, Verdict.missing())) {
            RequestPipeline.Answer answer = connection.send(request(GET, "/ignored/page.txt", "APP.example.com:8443"));

            assertThat(answer.code()).isEqualTo(200);
        }
    }

    @Test
    void pathOutsideEveryLocationGets404() {
        RequestPipeline.Answer answer = get(Verdict.missing(), "/elsewhere/page.txt");

        assertThat(answer.code()).isEqualTo(404);
        assertThat(answer.header(ErrorResponses.STATUS_HEADER)).isNull();
    }

    @Test
    void admittedRequestThatNoHandlerServesGets404() throws IOException {
        // A location without a static root (a proxy location in this version): UnservedRequestHandler answers.
        Site withoutRoot = site("app", List.of("app.example.com"), certs.judge(), ErrorDetail.DETAILED,
                new Location("/backend", ClientCertMode.ACCEPT, null));
        try (RequestPipeline connection = RequestPipeline.https(withoutRoot, Verdict.missing())) {
            RequestPipeline.Answer answer = connection.send(request(GET, "/backend/api", "app.example.com"));

            assertThat(answer.code()).isEqualTo(404);
            assertThat(answer.text()).contains("nothing serves this location");
            assertThat(connection.log.single().status()).isEqualTo(404);
        }
    }

    @Test
    void malformedPercentEscapeInTargetGets400() {
        RequestPipeline.Answer answer = get(Verdict.missing(), "/ignored/%zz");

        assertThat(answer.code()).isEqualTo(400);
    }

    @Test
    void targetClimbingAboveTheRootGets400() {
        RequestPipeline.Answer answer = get(Verdict.missing(), "/ignored/../../etc/passwd");

        assertThat(answer.code()).isEqualTo(400);
    }

    @Test
    void targetWithALiteralNulGets400() {
        // The HTTP/1.1 decoder lets a NUL byte of the request line through; a file path cannot hold one.
        RequestPipeline.Answer answer = get(Verdict.missing(), "/ignored/page%20\0.txt");

        assertThat(answer.code()).isEqualTo(400);
    }

    @Test
    void requestTheCodecCouldNotParseGets400AndTheConnectionCloses() {
        try (RequestPipeline connection = RequestPipeline.https(site, Verdict.missing())) {
            FullHttpRequest broken = request(GET, "/ignored/page.txt", "app.example.com");
            broken.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("bad header")));

            RequestPipeline.Answer answer = connection.send(broken);

            assertThat(answer.code()).isEqualTo(400);
            assertThat(answer.header(HttpHeaderNames.CONNECTION)).isEqualToIgnoringCase("close");
            assertThat(connection.channel.isOpen()).isFalse();
        }
    }

    @Test
    void refusedPostWithABodyIsAnsweredWithConnectionClose() {
        try (RequestPipeline connection = RequestPipeline.https(site, Verdict.missing())) {
            RequestPipeline.Answer answer = connection.send(
                    headWithBody(POST, "/required/upload", "app.example.com", 10), part("hello"), lastPart("world"));

            assertThat(answer.code()).isEqualTo(403);
            assertThat(answer.header(HttpHeaderNames.CONNECTION)).isEqualToIgnoringCase(HttpHeaderValues.CLOSE.toString());
            assertThat(connection.channel.isOpen()).isFalse();
        }
    }

    @Test
    void refusedBodilessGetKeepsTheConnectionOpen() {
        try (RequestPipeline connection = RequestPipeline.https(site, Verdict.missing())) {
            RequestPipeline.Answer first = connection.send(request(GET, "/required/page.txt", "app.example.com"));
            RequestPipeline.Answer second = connection.send(request(GET, "/accepted/page.txt", "app.example.com"));

            assertThat(first.code()).isEqualTo(403);
            assertThat(first.header(HttpHeaderNames.CONNECTION)).isNull();
            assertThat(second.code()).isEqualTo(200);
        }
    }

    @Test
    void bodyOfARefusedChunkedUploadIsDiscardedByTheGate() {
        try (RequestPipeline connection = RequestPipeline.https(site, Verdict.missing())) {
            List<Object> passed = new ArrayList<>();
            connection.channel.pipeline().addAfter(connection.channel.pipeline().context(RequestGate.class).name(),
                    "probe", new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            passed.add(msg.getClass().getSimpleName());
                            ctx.fireChannelRead(msg);
                        }
                    });
            HttpRequest upload = headWithBody(POST, "/required/upload", "app.example.com", 0);
            upload.headers().remove(HttpHeaderNames.CONTENT_LENGTH)
                    .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            HttpContent first = part("a");
            HttpContent last = lastPart("b");

            RequestPipeline.Answer answer = connection.send(upload, first, last);

            assertThat(answer.code()).isEqualTo(403);
            assertThat(answer.header(HttpHeaderNames.CONNECTION)).isEqualToIgnoringCase("close");
            assertThat(passed).isEmpty();
            assertThat(first.refCnt()).isZero();
            assertThat(last.refCnt()).isZero();
        }
    }

    @Test
    void terseSiteRefusesWithoutTheDetailSentence() throws IOException {
        Site terse = site("app", List.of("app.example.com"), certs.judge(), ErrorDetail.TERSE,
                new Location("/", ClientCertMode.REQUIRE, www.toRealPath()));
        try (RequestPipeline connection = RequestPipeline.https(terse, certs.verdictOn(certs.expired))) {
            RequestPipeline.Answer answer = connection.send(request(GET, "/x", "app.example.com"));

            assertThat(answer.header(ErrorResponses.STATUS_HEADER)).isEqualTo("403.17 client-certificate-expired");
            assertThat(answer.text()).doesNotContain("CN=bob");
        }
    }
}
