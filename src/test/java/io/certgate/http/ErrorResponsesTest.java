package io.certgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certgate.access.Refusal;
import io.certgate.config.ErrorDetail;
import io.certgate.config.ErrorsConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Error answers: Certgate-Status, a body in the format the client asked for, and escaping (SPEC §4). */
class ErrorResponsesTest {

    private static final ByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;
    private static final String CURL = "*/*";
    private static final String FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private static final String JSON = "application/json";
    private static final String DETAIL = "certificate CN=bob expired at 2026-01-01T00:00:00Z";
    private static final String HOSTILE = "CN=<script>alert('x')</script> \"quoted\" & line\r\nSet-Cookie: a=b";

    /** A response's parts, read once; the response is released. */
    private record Page(int status, String contentType, String certgateStatus, int contentLength, byte[] bytes) {
        String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static Page read(FullHttpResponse response) {
        try {
            byte[] bytes = new byte[response.content().readableBytes()];
            response.content().getBytes(response.content().readerIndex(), bytes);
            return new Page(response.status().code(), response.headers().get(HttpHeaderNames.CONTENT_TYPE),
                    response.headers().get(ErrorResponses.STATUS_HEADER),
                    response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH, -1), bytes);
        } finally {
            response.release();
        }
    }

    private static Page refusal(Refusal refusal, String detail, String accept, ErrorDetail level) {
        return read(ErrorResponses.refusal(ALLOC, context(level), refusal, Detail.of(detail), accept));
    }

    static ErrorResponses.Context context(ErrorDetail level) {
        return new ErrorResponses.Context("0123456789abcdef0123456789abcdef", ErrorsConfig.of(level), Optional.empty(),
                List.of(), Instant.parse("2026-12-01T12:00:00Z"));
    }

    @ParameterizedTest
    @EnumSource(Refusal.class)
    void refusalCarriesCertgateStatusWithCodeAndReason(Refusal refusal) {
        Page page = refusal(refusal, DETAIL, CURL, ErrorDetail.DETAILED);

        assertThat(page.status()).isEqualTo(refusal.status());
        assertThat(page.certgateStatus()).isEqualTo(refusal.code() + " " + refusal.reason());
    }

    @Test
    void untrustedRefusalHeaderReadsAsTheSpecShowsIt() {
        Page page = refusal(Refusal.CLIENT_CERTIFICATE_UNTRUSTED, DETAIL, CURL, ErrorDetail.DETAILED);

        assertThat(page.certgateStatus()).isEqualTo("403.16 client-certificate-untrusted");
    }

    @Test
    void curlGetsPlainTextWithCodeReasonAndDetail() {
        Page page = refusal(Refusal.CLIENT_CERTIFICATE_EXPIRED, DETAIL, CURL, ErrorDetail.DETAILED);

        assertThat(page.contentType()).startsWith("text/plain");
        assertThat(page.body()).startsWith("403.17 client-certificate-expired").contains(DETAIL);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "text/*", "image/png"})
    void missingOrUnknownAcceptGetsPlainText(String accept) {
        assertThat(refusal(Refusal.CLIENT_CERTIFICATE_REQUIRED, DETAIL, accept, ErrorDetail.DETAILED).contentType())
                .startsWith("text/plain");
    }

    @Test
    void browserGetsHtmlNamingStatusReasonAndDetail() {
        Page page = refusal(Refusal.CLIENT_CERTIFICATE_UNTRUSTED, DETAIL, FIREFOX, ErrorDetail.DETAILED);

        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("403.16").contains("client-certificate-untrusted").contains(DETAIL);
    }

    @Test
    void jsonClientGetsStatusSubstatusReasonAndDetailFields() throws Exception {
        Page page = refusal(Refusal.CLIENT_CERTIFICATE_REVOKED, DETAIL, JSON, ErrorDetail.DETAILED);

        assertThat(page.contentType()).startsWith("application/json");
        JsonNode json = new ObjectMapper().readTree(page.bytes());
        assertThat(json.get("status").asInt()).isEqualTo(403);
        assertThat(json.get("substatus").asInt()).isEqualTo(13);
        assertThat(json.get("reason").asText()).isEqualTo("client-certificate-revoked");
        assertThat(json.get("detail").asText()).isEqualTo(DETAIL);
    }

    @Test
    void qualityValuesDecideTheFormat() {
        assertThat(refusal(Refusal.CLIENT_CERTIFICATE_REQUIRED, DETAIL, "text/html;q=0.5, application/json;q=0.9",
                ErrorDetail.DETAILED).contentType()).startsWith("application/json");
        assertThat(refusal(Refusal.CLIENT_CERTIFICATE_REQUIRED, DETAIL, "text/html;q=0.9, application/json;q=0.5",
                ErrorDetail.DETAILED).contentType()).startsWith("text/html");
        assertThat(refusal(Refusal.CLIENT_CERTIFICATE_REQUIRED, DETAIL, "text/plain, text/html;q=0.2",
                ErrorDetail.DETAILED).contentType()).startsWith("text/plain");
    }

    @Test
    void formatRefusedWithQZeroIsNotChosen() {
        assertThat(refusal(Refusal.CLIENT_CERTIFICATE_REQUIRED, DETAIL, "application/json;q=0, */*",
                ErrorDetail.DETAILED).contentType()).startsWith("text/plain");
    }

    @Test
    void mediaTypeIsMatchedCaseInsensitively() {
        assertThat(refusal(Refusal.CLIENT_CERTIFICATE_REQUIRED, DETAIL, "Application/JSON",
                ErrorDetail.DETAILED).contentType()).startsWith("application/json");
    }

    @Test
    void htmlWinsATieWithJson() {
        // ErrorResponses.MediaType: "chosen from Accept by quality, HTML winning ties".
        assertThat(refusal(Refusal.CLIENT_CERTIFICATE_REQUIRED, DETAIL, "text/html, application/json",
                ErrorDetail.DETAILED).contentType()).startsWith("text/html");
    }

    @Test
    void terseRefusalHidesTheDetailSentenceInEveryFormat() {
        for (String accept : new String[] {CURL, FIREFOX, JSON}) {
            Page page = refusal(Refusal.CLIENT_CERTIFICATE_EXPIRED, DETAIL, accept, ErrorDetail.TERSE);

            assertThat(page.body()).as(accept).doesNotContain("CN=bob").doesNotContain("2026-01-01");
            assertThat(page.body()).as(accept).contains("client-certificate-expired");
            assertThat(page.certgateStatus()).isEqualTo("403.17 client-certificate-expired");
        }
    }

    @Test
    void terseJsonHasNoDetailField() throws Exception {
        Page page = refusal(Refusal.CLIENT_CERTIFICATE_EXPIRED, DETAIL, JSON, ErrorDetail.TERSE);

        JsonNode json = new ObjectMapper().readTree(page.bytes());
        assertThat(json.has("detail")).isFalse();
        assertThat(json.get("substatus").asInt()).isEqualTo(17);
    }

    @Test
    void hostileDetailIsEscapedInHtml() {
        Page page = refusal(Refusal.CLIENT_CERTIFICATE_UNTRUSTED, HOSTILE, FIREFOX, ErrorDetail.DETAILED);

        assertThat(page.body()).doesNotContain("<script>").doesNotContain("'x'").doesNotContain("\"quoted\"")
                .contains("&lt;script&gt;").contains("&quot;quoted&quot;").contains("&amp; line");
    }

    @Test
    void hostileDetailSurvivesJsonEscapingIntact() throws Exception {
        Page page = refusal(Refusal.CLIENT_CERTIFICATE_UNTRUSTED, HOSTILE, JSON, ErrorDetail.DETAILED);

        assertThat(page.body()).doesNotContain("<script>");
        assertThat(page.body().strip()).doesNotContain("\r").doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(page.bytes());
        assertThat(json.get("detail").asText()).isEqualTo(HOSTILE);
    }

    @Test
    void hostileDetailNeverReachesAHeader() {
        for (String accept : new String[] {CURL, FIREFOX, JSON}) {
            FullHttpResponse response = ErrorResponses.refusal(ALLOC, context(ErrorDetail.DETAILED),
                    Refusal.CLIENT_CERTIFICATE_UNTRUSTED, Detail.of(HOSTILE), accept);
            try {
                response.headers().forEach(header -> assertThat(header.getValue())
                        .doesNotContain("Set-Cookie").doesNotContain("\r").doesNotContain("\n"));
            } finally {
                response.release();
            }
        }
    }

    @Test
    void contentLengthCountsBytesNotCharacters() {
        String detail = "certificate CN=Jürgen Müller expired — 2026";
        for (String accept : new String[] {CURL, FIREFOX, JSON}) {
            Page page = refusal(Refusal.CLIENT_CERTIFICATE_EXPIRED, detail, accept, ErrorDetail.DETAILED);

            assertThat(page.contentLength()).as(accept).isEqualTo(page.bytes().length);
            assertThat(page.body()).as(accept).contains("J\u00fcrgen");
        }
    }

    @Test
    void errorPagesAreNeitherCachedNorSniffed() {
        FullHttpResponse response = ErrorResponses.plain(ALLOC, context(ErrorDetail.DETAILED), HttpResponseStatus.NOT_FOUND,
                Detail.NONE, FIREFOX);
        try {
            assertThat(response.headers().get(HttpHeaderNames.CACHE_CONTROL)).isEqualTo("no-store");
            assertThat(response.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
        } finally {
            response.release();
        }
    }

    @Test
    void plainErrorHasNoCertgateStatusButTheSameFormats() throws Exception {
        Page text = read(ErrorResponses.plain(ALLOC, context(ErrorDetail.DETAILED), HttpResponseStatus.NOT_FOUND,
                Detail.of("no such file"), CURL));
        Page json = read(ErrorResponses.plain(ALLOC, context(ErrorDetail.DETAILED),
                HttpResponseStatus.METHOD_NOT_ALLOWED, Detail.NONE, JSON));

        assertThat(text.status()).isEqualTo(404);
        assertThat(text.certgateStatus()).isNull();
        assertThat(text.body()).startsWith("404 Not Found").contains("no such file");
        assertThat(text.contentLength()).isEqualTo(text.bytes().length);
        JsonNode node = new ObjectMapper().readTree(json.bytes());
        assertThat(node.get("status").asInt()).isEqualTo(405);
        assertThat(node.get("substatus").asInt()).isZero();
        assertThat(node.has("reason")).isFalse();
    }
}
