package io.certgate.http;

import static io.certgate.http.RequestPipeline.request;
import static io.certgate.http.RequestPipeline.site;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.HEAD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.certgate.config.ClientCertMode;
import io.certgate.config.ErrorDetail;
import io.certgate.log.AccessRecord;
import io.certgate.testing.CollectingAccessLog;
import io.certgate.validation.Verdict;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the access log records for each request that went through the HTTPS pipeline (SPEC §6). */
class AccessLogHandlerTest {

    private static ClientCertificates certs;

    @TempDir
    Path www;
    private Site site;

    @BeforeAll
    static void mintCertificates() {
        certs = new ClientCertificates();
    }

    @BeforeEach
    void siteWithAProtectedRootAndAPublicFolder() throws IOException {
        Path root = www.toRealPath();
        Files.writeString(root.resolve("page.txt"), "hello\n");
        Files.createDirectories(root.resolve("public"));
        Files.writeString(root.resolve("public").resolve("page.txt"), "public\n");
        site = site("app", List.of("app.example.com"), certs.judge(), ErrorDetail.DETAILED,
                new Location("/", ClientCertMode.REQUIRE, root),
                new Location("/public", ClientCertMode.IGNORE, root.resolve("public")));
    }

    private AccessRecord logged(Verdict verdict, HttpMethod method, String uri, String... headers) {
        try (RequestPipeline connection = RequestPipeline.https(site, verdict)) {
            connection.send(request(method, uri, "app.example.com", headers));
            return connection.log.single();
        }
    }

    @Test
    void refusalIsLoggedWithStatusSubstatusAndVerdictReason() {
        AccessRecord missing = logged(Verdict.missing(), GET, "/page.txt");
        AccessRecord expired = logged(certs.verdictOn(certs.expired), GET, "/page.txt");
        AccessRecord revoked = logged(certs.verdictOn(certs.revoked), GET, "/page.txt");
        AccessRecord untrusted = logged(certs.verdictOn(certs.stranger), GET, "/page.txt");

        assertThat(List.of(missing, expired, revoked, untrusted))
                .extracting(AccessRecord::status, AccessRecord::substatus, AccessRecord::verdictReason)
                .containsExactly(
                        tuple(403, 7, "no-certificate"),
                        tuple(403, 17, "expired"),
                        tuple(403, 13, "revoked"),
                        tuple(403, 16, "no-path-to-trusted-root"));
    }

    @Test
    void refererHostVersionAndBytesBothWaysAreRecorded() {
        AccessRecord r = logged(certs.verdictOn(certs.alice), GET, "/page.txt", "Referer", "https://app.example.com/start");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.referer()).isEqualTo("https://app.example.com/start");
        assertThat(r.host()).isEqualTo("app.example.com");
        assertThat(r.version()).isEqualTo("HTTP/1.1");
        // "GET /page.txt HTTP/1.1\r\n" + "host: app.example.com\r\n" + "Referer: https://app.example.com/start\r\n" + "\r\n"
        assertThat(r.requestBytes()).isEqualTo(24 + 23 + 40 + 2);
        assertThat(r.responseBytes()).as("the head and the 6-byte body").isGreaterThan(6 + "HTTP/1.1 200 OK\r\n\r\n".length());
    }

    @Test
    void withoutAnAccessLogNoRecordIsBuiltButEveryRequestIsCounted() {
        CollectingAccessLog countsOnly = CollectingAccessLog.countsOnly();
        try (RequestPipeline connection = RequestPipeline.https(List.of(site), site, "app.example.com",
                Verdict.missing(), new FileCache(FileCache.DEFAULT_MAX_BYTES), countsOnly)) {
            connection.send(request(GET, "/page.txt", "app.example.com"));
            connection.send(request(GET, "/public/page.txt", "app.example.com"));
            connection.send(request(GET, "/public/nothing-here", "app.example.com"));
        }

        assertThat(countsOnly.records()).isEmpty();
        assertThat(countsOnly.counted()).containsExactly("app 403.7", "app 200.0", "app 404.0");
    }

    @Test
    void requestLineAndUserAgentAreLoggedAsSent() {
        AccessRecord record = logged(Verdict.missing(), GET, "/page.txt?lang=en&x=%20y", "User-Agent", "curl/8.5.0");

        assertThat(record.method()).isEqualTo("GET");
        assertThat(record.uriStem()).isEqualTo("/page.txt");
        assertThat(record.uriQuery()).isEqualTo("lang=en&x=%20y");
        assertThat(record.userAgent()).isEqualTo("curl/8.5.0");
        assertThat(record.site()).isEqualTo("app");
        assertThat(record.protocol()).isEqualTo("HTTP/1.1");
        assertThat(record.time()).isEqualTo(ClientCertificates.NOW);
    }

    @Test
    void servedRequestWithAValidCertificateIsLoggedWithTheCertificate() {
        AccessRecord record = logged(certs.verdictOn(certs.alice), HEAD, "/page.txt");

        assertThat(record.method()).isEqualTo("HEAD");
        assertThat(record.status()).isEqualTo(200);
        assertThat(record.substatus()).isZero();
        assertThat(record.verdictReason()).isEqualTo("ok");
        assertThat(record.certificateSubject()).contains("CN=alice");
        assertThat(record.certificateFingerprint()).matches("[0-9a-f]{64}");
        assertThat(record.username()).isEmpty();
    }

    @Test
    void certificateOnIgnoreLocationLeavesTheRequestAnonymous() {
        AccessRecord record = logged(certs.verdictOn(certs.stranger), GET, "/public/page.txt");

        assertThat(record.status()).isEqualTo(200);
        assertThat(record.substatus()).isZero();
        assertThat(record.username()).isEmpty();
    }

    @Test
    void requestRefusedBeforeRoutingIsLoggedWithTheTargetAsSent() {
        AccessRecord record = logged(Verdict.missing(), GET, "/a/%zz?q=1");

        assertThat(record.status()).isEqualTo(400);
        assertThat(record.uriStem()).isEqualTo("/a/%zz");
        assertThat(record.uriQuery()).isEqualTo("q=1");
        assertThat(record.verdictReason()).isEmpty();
    }

    @Test
    void pipelinedRequestsAreLoggedInOrderWithTheirOwnStatus() {
        try (RequestPipeline connection = RequestPipeline.https(site, certs.verdictOn(certs.alice))) {
            connection.send(request(GET, "/page.txt", "app.example.com"));
            connection.send(request(GET, "/missing.txt", "app.example.com"));

            assertThat(connection.log.records()).extracting(AccessRecord::uriStem, AccessRecord::status)
                    .containsExactly(
                            tuple("/page.txt", 200),
                            tuple("/missing.txt", 404));
        }
    }

    @Test
    void streamedFileIsLoggedOnceWithItsStatus() throws IOException {
        Files.write(www.toRealPath().resolve("public").resolve("big.bin"), new byte[3 * StaticFileHandler.WHOLE_FILE_LIMIT]);
        try (RequestPipeline connection = RequestPipeline.https(site, Verdict.missing())) {
            RequestPipeline.Answer answer = connection.send(request(GET, "/public/big.bin", "app.example.com"));

            assertThat(answer.nonEmptyBodyParts()).isGreaterThan(1);
            assertThat(connection.log.single().status()).isEqualTo(200);
            assertThat(connection.log.single().uriStem()).isEqualTo("/public/big.bin");
        }
    }

    @Test
    void requestWhoseAnswerNeverCompletedIsLoggedWhenTheConnectionCloses() {
        try (RequestPipeline connection = RequestPipeline.https(site, Verdict.missing())) {
            // A handler that never answers: the client gives up and closes.
            connection.channel.pipeline().addBefore(connection.channel.pipeline().context(RequestGate.class).name(),
                    "black-hole", new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ReferenceCountUtil.release(msg);
                        }
                    });
            connection.channel.writeInbound(request(GET, "/slow?x=1", "app.example.com"));
            assertThat(connection.log.records()).isEmpty();

            connection.channel.close();

            AccessRecord record = connection.log.single();
            assertThat(record.uriStem()).isEqualTo("/slow");
            assertThat(record.uriQuery()).isEqualTo("x=1");
            assertThat(record.status()).isZero();
        }
    }

    @Test
    void informationalResponseDoesNotEndTheExchange() {
        try (RequestPipeline connection = RequestPipeline.https(site, certs.verdictOn(certs.alice))) {
            connection.channel.pipeline().addBefore(connection.channel.pipeline().context(RequestGate.class).name(),
                    "continue", new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
                            ctx.fireChannelRead(msg);
                        }
                    });

            connection.channel.writeInbound(request(GET, "/page.txt", "app.example.com"));
            ReferenceCountUtil.release(connection.channel.readOutbound());
            RequestPipeline.Answer answer = connection.answer();

            assertThat(answer.code()).isEqualTo(200);
            assertThat(connection.log.single().status()).isEqualTo(200);
        }
    }
}
