package io.certgate.http.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.HttpConfig;
import io.certgate.config.IdentityHeaderNames;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a request head must look like before certgate judges it, and what is removed from it. */
class RequestHygieneTest {

    private final List<BadRequest.Reason> counted = new ArrayList<>();
    private final RequestHygiene hygiene = new RequestHygiene(IdentityHeaderNames.DEFAULTS, HttpConfig.DEFAULTS, counted::add);

    private static HttpRequest get(String... headers) {
        return request(HttpVersion.HTTP_1_1, "GET", "/", headers);
    }

    private static HttpRequest request(HttpVersion version, String method, String uri, String... headers) {
        HttpRequest request = new DefaultHttpRequest(version, HttpMethod.valueOf(method), uri);
        for (int i = 0; i < headers.length; i += 2) {
            request.headers().add(headers[i], headers[i + 1]);
        }
        return request;
    }

    private static List<String> names(HttpRequest request) {
        return request.headers().names().stream().map(n -> n.toLowerCase(java.util.Locale.ROOT)).toList();
    }

    private Optional<BadRequest.Reason> reason(HttpRequest request) {
        return hygiene.clean(request, false).map(BadRequest::reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Length", "transfer-encoding", "Host", "X-Remote-User", "x_client_cert", "keep-alive, Content-Length"})
    void connectionNamingAFramingRoutingOrIdentityHeaderGets400(String named) {
        HttpRequest request = get("Host", "localhost", "Connection", named, "Content-Length", "5");
        assertThat(reason(request)).contains(BadRequest.Reason.CONNECTION_HEADER);
    }

    @Test
    void connectionNamingHopByHopHeadersIsFine() {
        assertThat(reason(get("Host", "localhost", "Connection", "keep-alive, TE, Upgrade, close"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x5", "+5", "5 5", "", "1234567890123456789", "-1"})
    void contentLengthThatIsNotOnePlainNumberGets400(String value) {
        assertThat(reason(get("Host", "localhost", "Content-Length", value))).contains(BadRequest.Reason.FRAMING);
    }

    @Test
    void contentLengthIsRewrittenInCanonicalForm() {
        HttpRequest request = get("Host", "localhost", "Content-Length", "0005");
        assertThat(reason(request)).isEmpty();
        assertThat(request.headers().getAll("Content-Length")).containsExactly("5");
    }

    @Test
    void twoContentLengthsGet400() {
        assertThat(reason(get("Host", "localhost", "Content-Length", "5", "Content-Length", "5")))
                .contains(BadRequest.Reason.FRAMING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip, chunked", "identity", "chunked, chunked"})
    void transferEncodingOtherThanChunkedAloneGets400(String value) {
        assertThat(reason(get("Host", "localhost", "Transfer-Encoding", value))).contains(BadRequest.Reason.FRAMING);
    }

    @Test
    void transferEncodingOnHttp10Gets400() {
        HttpRequest request = request(HttpVersion.HTTP_1_0, "POST", "/", "Transfer-Encoding", "chunked");
        assertThat(reason(request)).contains(BadRequest.Reason.FRAMING);
    }

    @Test
    void aRequestTheCodecCouldNotParseGets400() {
        HttpRequest request = get("Host", "localhost");
        request.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("Multiple Content-Length values found")));
        assertThat(reason(request)).contains(BadRequest.Reason.FRAMING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"get", "Get", "VERYLONGMETHODNAMETHATGOESONANDONANDON"})
    void methodThatIsNotAnUpperCaseTokenGets400(String method) {
        assertThat(reason(request(HttpVersion.HTTP_1_1, method, "/", "Host", "localhost"))).contains(BadRequest.Reason.METHOD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost..", "user@localhost", "localhost,site2.test", "", "local host", "[::1",
            "localhost:", "localhost:99999", "localhost:80x", "exa%6dple.com", "[fe80::1%25eth0]", ".localhost"})
    void hostThatIsNotHostAndPortGets400(String host) {
        assertThat(reason(get("Host", host))).contains(BadRequest.Reason.HOST);
    }

    @Test
    void twoHostsGet400EvenWhenTheyAgree() {
        assertThat(reason(get("Host", "site2.test", "Host", "localhost"))).contains(BadRequest.Reason.HOST);
        assertThat(reason(get("Host", "localhost", "Host", "localhost"))).contains(BadRequest.Reason.HOST);
    }

    @Test
    void http11WithoutHostGets400AndHttp10MayOmitIt() {
        assertThat(reason(get())).contains(BadRequest.Reason.HOST);
        assertThat(reason(request(HttpVersion.HTTP_1_0, "GET", "/"))).isEmpty();
    }

    @Test
    void hostIsCanonical() {
        HttpRequest request = get("Host", "App.Example.COM.:8443");
        assertThat(reason(request)).isEmpty();
        assertThat(request.headers().getAll("Host")).containsExactly("app.example.com:8443");
        HttpRequest ipv6 = get("Host", "[::1]:8443");
        assertThat(reason(ipv6)).isEmpty();
        assertThat(ipv6.headers().get("Host")).isEqualTo("[::1]:8443");
    }

    @Test
    void anAbsoluteFormAuthorityWinsOverHost() {
        HttpRequest request = request(HttpVersion.HTTP_1_1, "GET", "https://Site2.test/x", "Host", "localhost");
        assertThat(reason(request)).isEmpty();
        assertThat(request.headers().getAll("Host")).containsExactly("site2.test");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://user@site2.test/x", "ftp://site2.test/x", "https://a..b/x", "http:///x"})
    void anAbsoluteFormAuthorityThatIsNotHostAndPortGets400(String target) {
        assertThat(reason(request(HttpVersion.HTTP_1_1, "GET", target, "Host", "localhost"))).contains(BadRequest.Reason.HOST);
    }

    @Test
    void http2HostAndAuthorityMustAgree() {
        HttpRequest agree = get("Host", "localhost", "Host", "localhost");
        assertThat(hygiene.clean(agree, true)).isEmpty();
        assertThat(agree.headers().getAll("Host")).containsExactly("localhost");
        assertThat(hygiene.clean(get("Host", "localhost", "Host", "site2.test"), true)).isPresent();
    }

    @Test
    void aLeftOverPseudoHeaderGets400() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/", false);
        request.headers().add("Host", "localhost").add(":protocol", "websocket");
        assertThat(hygiene.clean(request, true).map(BadRequest::reason)).contains(BadRequest.Reason.PSEUDO_HEADER);
    }

    @Test
    void identityAndTrustBearingHeadersAreRemovedInAnySpelling() {
        HttpRequest request = get("Host", "localhost", "X-Remote-User", "forged", "x-remote-groups", "admins",
                "X-Client-Cert-Subject", "CN=x", "X-Forwarded-For", "1.2.3.4", "X-Forwarded-Anything", "1",
                "Forwarded", "for=1.2.3.4", "X-Original-URL", "/admin", "X-Rewrite-URL", "/admin",
                "X-ARR-ClientCert", "x", "X-Forwarded-Client-Cert", "x", "X-SSL-Client-S-DN", "CN=x",
                "X-Real-IP", "1.2.3.4", "X-Forwarded-Prefix", "/x", "X-HTTP-Method-Override", "DELETE",
                "Client-Cert", ":x:", "Client-Cert-Chain", ":x:", "X-Http2-Stream-Id", "3",
                "Accept", "*/*", "Cookie", "a=b");
        assertThat(reason(request)).isEmpty();
        assertThat(names(request)).containsExactlyInAnyOrder("host", "accept", "cookie");
    }

    /** Every identity header format's names, whatever a location sends: the client's copies never pass. */
    @ParameterizedTest
    @ValueSource(strings = {"Client-Cert", "Client-Cert-Chain", "X-Forwarded-Client-Cert", "X-Client-Cert-Chain"})
    void everyFormatsHeadersAreRemovedInEveryCaseUnderscoredAndRepeated(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        String underscored = name.replace('-', '_');
        HttpConfig allow = new HttpConfig(HttpConfig.DEFAULT_REQUEST_HEADER_TIMEOUT, HttpConfig.DEFAULT_REQUEST_BODY_TIMEOUT,
                HttpConfig.DEFAULT_MAX_PROXIED_STREAMS, HttpConfig.UnderscoresInHeaders.ALLOW, HttpConfig.DEFAULT_KEEP_ALIVE_TIMEOUT);
        // underscoresInHeaders: allow, so that the underscored spelling is removed for its name, not its '_'
        RequestHygiene allowing = new RequestHygiene(IdentityHeaderNames.DEFAULTS, allow, r -> { });
        for (boolean http2 : new boolean[] {false, true}) {
            HttpRequest request = get("Host", "localhost", name, ":x:", name, ":again:", lower, ":x:", upper, ":x:",
                    underscored, ":x:", "Accept", "*/*");
            assertThat(allowing.clean(request, http2)).isEmpty();
            assertThat(names(request)).as("http2=" + http2).containsExactlyInAnyOrder("host", "accept");
        }
    }

    @Test
    void headersWithUnderscoresAreDroppedByDefault() {
        HttpRequest request = get("Host", "localhost", "X_Remote_User", "alice", "X_Custom", "1", "X-Custom", "2");
        assertThat(reason(request)).isEmpty();
        assertThat(names(request)).containsExactlyInAnyOrder("host", "x-custom");
    }

    @Test
    void underscoresMayBeAllowedButNeverForAProtectedName() {
        HttpConfig allow = new HttpConfig(HttpConfig.DEFAULT_REQUEST_HEADER_TIMEOUT, HttpConfig.DEFAULT_REQUEST_BODY_TIMEOUT,
                HttpConfig.DEFAULT_MAX_PROXIED_STREAMS, HttpConfig.UnderscoresInHeaders.ALLOW, HttpConfig.DEFAULT_KEEP_ALIVE_TIMEOUT);
        RequestHygiene allowing = new RequestHygiene(IdentityHeaderNames.DEFAULTS, allow, r -> { });
        HttpRequest request = get("Host", "localhost", "X_Remote_User", "alice", "x_client_cert_subject", "CN=x",
                "X_Custom", "1");
        assertThat(allowing.clean(request, false)).isEmpty();
        assertThat(names(request)).containsExactlyInAnyOrder("host", "x_custom");
    }

    @Test
    void renamedIdentityHeadersAndConfiguredStripNamesAreRemovedToo() {
        IdentityHeaderNames d = IdentityHeaderNames.DEFAULTS;
        IdentityHeaderNames renamed = new IdentityHeaderNames(d.forwardedFor(), d.forwardedProto(), d.forwardedHost(),
                Optional.of("X-User"), d.remoteGroups(), d.clientCertVerify(), d.clientCertSubject(), d.clientCertIssuer(),
                d.clientCertSerial(), d.clientCertFingerprint(), d.clientCert(), d.clientCertChain(), List.of("X-Custom-Trust"));
        RequestHygiene custom = new RequestHygiene(renamed, HttpConfig.DEFAULTS, r -> { });
        HttpRequest request = get("Host", "localhost", "X-User", "alice", "X-Remote-User", "alice",
                "x-custom-trust", "yes", "Accept", "*/*");
        assertThat(custom.clean(request, false)).isEmpty();
        assertThat(names(request)).containsExactlyInAnyOrder("host", "accept");
    }

    @Test
    void refusalsAreCountedByReason() {
        BadRequest bad = hygiene.clean(get(), false).orElseThrow();
        hygiene.refused(bad, "192.0.2.1");
        assertThat(counted).containsExactly(BadRequest.Reason.HOST);
        assertThat(bad.reason().label()).isEqualTo("host");
        assertThat(BadRequest.Reason.CONNECTION_HEADER.label()).isEqualTo("connection-header");
    }

    @Test
    void http10WithTwoContentLengthsGets400ThoughTheCodecKeepsOnlyTheFirst() {
        EmbeddedChannel codec = new EmbeddedChannel(new HttpServerCodec(new HttpDecoderConfig()
                .setHeadersFactory(DecodedHeaders.FACTORY)));
        codec.writeInbound(Unpooled.copiedBuffer(
                "POST /x HTTP/1.0\r\nContent-Length: 5\r\nContent-Length: 12\r\n\r\nhello", StandardCharsets.ISO_8859_1));
        HttpRequest request = codec.readInbound();
        assertThat(request.headers().getAll("Content-Length")).containsExactly("5"); // what Netty leaves
        assertThat(reason(request)).contains(BadRequest.Reason.FRAMING);
        codec.finishAndReleaseAll();
    }

    @Test
    void http10WithOneContentLengthIsFine() {
        EmbeddedChannel codec = new EmbeddedChannel(new HttpServerCodec(new HttpDecoderConfig()
                .setHeadersFactory(DecodedHeaders.FACTORY)));
        codec.writeInbound(Unpooled.copiedBuffer("POST /x HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello",
                StandardCharsets.ISO_8859_1));
        HttpRequest request = codec.readInbound();
        assertThat(reason(request)).isEmpty();
        codec.finishAndReleaseAll();
    }

    @Test
    void connectIsRefusedBecauseCertgateIsNoForwardProxy() {
        assertThat(reason(request(HttpVersion.HTTP_1_1, "CONNECT", "/app/x", "Host", "localhost")))
                .contains(BadRequest.Reason.METHOD);
    }

    @Test
    void namesWithCharactersOtherThanLettersDigitsDashAndUnderscoreAreDropped() {
        HttpRequest request = get("Host", "localhost", "X.Remote.User", "alice", "X~Remote~User", "alice",
                "X-Remote.User", "alice", "X!Remote*User", "alice", "Accept", "*/*");
        assertThat(reason(request)).isEmpty();
        assertThat(names(request)).containsExactlyInAnyOrder("host", "accept");
    }

    @Test
    void aPortIsCanonicalToo() {
        HttpRequest request = get("Host", "localhost:00443");
        assertThat(reason(request)).isEmpty();
        assertThat(request.headers().get("Host")).isEqualTo("localhost:443");
    }
}
