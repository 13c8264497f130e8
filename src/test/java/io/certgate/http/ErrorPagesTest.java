package io.certgate.http;

import static io.certgate.http.RequestPipeline.request;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certgate.access.Refusal;
import io.certgate.config.ClientCertMode;
import io.certgate.config.ErrorDetail;
import io.certgate.config.ErrorsConfig;
import io.certgate.identity.CertificateMapper;
import io.certgate.log.AccessRecord;
import io.certgate.x509.CertificateFacts;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12's error pages: one self-contained page per answer with the likely causes and what to
 * try for its substatus, the request ID, the CA names on 403.7, the certificate on 403.13/16/17;
 * the same fields in JSON and text; server-side names only at {@code errors.detail: internal}.
 */
class ErrorPagesTest {

    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private static final String ID = "00112233445566778899aabbccddeeff";
    private static final String ROOT_NAME = "CN=Test Root,O=certgate tests";
    private static ClientCertificates certs;

    @TempDir
    Path www;

    @BeforeAll
    static void mint() {
        certs = new ClientCertificates();
    }

    private static ErrorResponses.Context context(ErrorDetail level, Optional<CertificateFacts> certificate) {
        return new ErrorResponses.Context(ID, ErrorsConfig.of(level), certificate, List.of(ROOT_NAME),
                Instant.parse("2026-03-01T12:00:00Z"));
    }

    private record Page(String body, String policy, String requestId, String contentType) {
    }

    private static Page read(FullHttpResponse response) {
        try {
            return new Page(response.content().toString(StandardCharsets.UTF_8),
                    response.headers().get(HttpHeaderNames.CONTENT_SECURITY_POLICY),
                    response.headers().get(RequestIds.RESPONSE_HEADER),
                    response.headers().get(HttpHeaderNames.CONTENT_TYPE));
        } finally {
            response.release();
        }
    }

    private static Page refusal(Refusal refusal, ErrorDetail level, String accept) {
        CertificateFacts facts = CertificateFacts.of(certs.expired.certificate());
        return read(ErrorResponses.refusal(UnpooledByteBufAllocator.DEFAULT, context(level, Optional.of(facts)), refusal,
                Detail.of("what the client may read", "with /etc/certgate/pki/intermediate.crl"), accept));
    }

    @ParameterizedTest
    @EnumSource(Refusal.class)
    void everyRefusalIsASelfContainedPageWithCausesStepsAndTheRequestId(Refusal refusal) {
        Page page = refusal(refusal, ErrorDetail.DETAILED, BROWSER);

        assertSelfContained(page);
        assertThat(page.body()).contains("<title>" + refusal.code() + " ").contains(refusal.reason())
                .contains("Most likely causes").contains("Things you can try").contains(ID);
        assertThat(page.requestId()).isEqualTo(ID);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 405, 408, 421, 502, 503, 504})
    void plainErrorsHaveTheirOwnAdviceInTheSamePage(int status) {
        Page page = read(ErrorResponses.plain(UnpooledByteBufAllocator.DEFAULT, context(ErrorDetail.DETAILED,
                Optional.empty()), HttpResponseStatus.valueOf(status), Detail.of("why"), BROWSER));

        assertSelfContained(page);
        assertThat(page.body()).contains("<title>" + status + " ").contains("Things you can try").contains(ID);
        assertThat(page.body()).as("no CA list and no certificate on a plain error")
                .doesNotContain("Certificate authorities this site accepts").doesNotContain("The certificate sent");
    }

    /** Nothing loads from anywhere: inline CSS allowed by its hash, no script, an empty data: icon. */
    private static void assertSelfContained(Page page) {
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .contains("<link rel=\"icon\" href=\"data:,\">").contains("prefers-color-scheme:dark")
                .doesNotContain("<script").doesNotContain("src=").doesNotContain("href=\"http").doesNotContain("url(")
                .doesNotContain("@import");
        assertThat(page.policy()).startsWith("default-src 'none';").contains("img-src data:")
                .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
        Matcher style = Pattern.compile("<style>(.*)</style>", Pattern.DOTALL).matcher(page.body());
        assertThat(style.find()).isTrue();
        assertThat(page.policy()).as("the page's own style is the one the policy allows")
                .contains("'sha256-" + sha256(style.group(1)) + "'");
    }

    @Test
    void page403_7ListsTheAcceptedAuthoritiesAndWhyBrowsersHideCertificates() {
        Page page = refusal(Refusal.CLIENT_CERTIFICATE_REQUIRED, ErrorDetail.DETAILED, BROWSER);

        assertThat(page.body()).contains("Certificate authorities this site accepts").contains(ROOT_NAME)
                .contains("expired").contains("client authentication").contains("until it is restarted");
    }

    @ParameterizedTest
    @EnumSource(value = Refusal.class, names = {"CLIENT_CERTIFICATE_REVOKED", "CLIENT_CERTIFICATE_UNTRUSTED",
            "CLIENT_CERTIFICATE_EXPIRED"})
    void certificateRefusalsShowThePresentedCertificate(Refusal refusal) {
        CertificateFacts facts = CertificateFacts.of(certs.expired.certificate());
        Page page = refusal(refusal, ErrorDetail.DETAILED, BROWSER);

        assertThat(page.body()).contains("The certificate sent").contains(facts.subject().rfc4514())
                .contains(ErrorPagesTest.escapeHtml(facts.issuer().rfc4514())).contains(facts.serialHex())
                .contains(facts.notAfter().toString().replace(".000", ""));
        assertThat(page.body()).doesNotContain("Certificate authorities this site accepts");
    }

    @Test
    void jsonAndTextCarryTheSameFields() throws Exception {
        Page json = refusal(Refusal.CLIENT_CERTIFICATE_EXPIRED, ErrorDetail.DETAILED, "application/json");
        Page text = refusal(Refusal.CLIENT_CERTIFICATE_EXPIRED, ErrorDetail.DETAILED, "*/*");

        JsonNode node = new ObjectMapper().readTree(json.body());
        assertThat(node.get("requestId").asText()).isEqualTo(ID);
        assertThat(node.get("reason").asText()).isEqualTo("client-certificate-expired");
        assertThat(node.get("detail").asText()).isEqualTo("what the client may read");
        assertThat(node.get("likelyCauses").isArray()).isTrue();
        assertThat(node.get("likelyCauses").size()).isPositive();
        assertThat(node.get("tryThis").size()).isPositive();
        assertThat(node.get("certificate").get("serial").asText())
                .isEqualTo(CertificateFacts.of(certs.expired.certificate()).serialHex());
        assertThat(text.body()).startsWith("403.17 client-certificate-expired\nwhat the client may read\n")
                .contains("Most likely causes:").contains("Things you can try:").contains("Request ID: " + ID);
    }

    @Test
    void detailLevelsShowServerSideNamesOnlyWhenInternal() {
        for (String accept : List.of(BROWSER, "application/json", "*/*")) {
            assertThat(refusal(Refusal.CLIENT_CERTIFICATE_REVOKED, ErrorDetail.DETAILED, accept).body()).as(accept)
                    .contains("what the client may read").doesNotContain("/etc/certgate");
            assertThat(refusal(Refusal.CLIENT_CERTIFICATE_REVOKED, ErrorDetail.INTERNAL, accept).body()).as(accept)
                    .contains("/etc/certgate/pki/intermediate.crl");
            assertThat(refusal(Refusal.CLIENT_CERTIFICATE_REVOKED, ErrorDetail.TERSE, accept).body()).as(accept)
                    .doesNotContain("what the client may read").doesNotContain("/etc/certgate")
                    .doesNotContain("The certificate sent").contains(ID);
        }
    }

    /** A real verdict on a revoked certificate: its CRL's file is in the log and the internal page only. */
    @Test
    void revokedCertificatesCrlFileIsNamedOnlyInternallyAndInTheLog() throws Exception {
        Files.writeString(www.resolve("page.txt"), "hi\n");
        for (ErrorDetail level : ErrorDetail.values()) {
            Site site = new Site("app", List.of("app.example.com"), List.of(new Location("/", ClientCertMode.REQUIRE,
                    www.toRealPath())), true, certs.judge(), CertificateMapper.none(), ErrorsConfig.of(level),
                    List.of(ROOT_NAME), Optional.empty());
            try (RequestPipeline connection = RequestPipeline.https(site, certs.verdictOn(certs.revoked))) {
                RequestPipeline.Answer answer = connection.send(request(GET, "/page.txt", "app.example.com",
                        "Accept", "application/json"));
                connection.channel.close();
                AccessRecord logged = connection.log.records().get(0);

                assertThat(answer.header(ErrorResponses.STATUS_HEADER)).startsWith("403.13");
                assertThat(logged.detail()).as("the log has the full detail").contains("intermediate.crl")
                        .contains("revoked");
                assertThat(logged.requestId()).isEqualTo(answer.header(RequestIds.RESPONSE_HEADER));
                if (level == ErrorDetail.INTERNAL) {
                    assertThat(answer.text()).contains("intermediate.crl");
                } else {
                    assertThat(answer.text()).as(level.name()).doesNotContain("intermediate.crl").doesNotContain("crl:");
                }
                if (level == ErrorDetail.DETAILED) {
                    assertThat(answer.text()).as("still says what was wrong").contains("CN=carol").contains("revoked at");
                }
            }
        }
    }

    @Test
    void everyAnswerOfAConnectionHasItsOwnRequestIdMatchingTheLog() throws Exception {
        Files.writeString(www.resolve("page.txt"), "hi\n");
        Site site = new Site("app", List.of("app.example.com"), List.of(new Location("/", ClientCertMode.ACCEPT,
                www.toRealPath())), true, certs.judge(), CertificateMapper.none(), ErrorsConfig.of(ErrorDetail.DETAILED),
                List.of(), Optional.empty());
        try (RequestPipeline connection = RequestPipeline.https(site, certs.verdictOn(certs.alice))) {
            RequestPipeline.Answer file = connection.send(request(GET, "/page.txt", "app.example.com"));
            RequestPipeline.Answer missing = connection.send(request(GET, "/none.txt", "app.example.com"));
            RequestPipeline.Answer misdirected = connection.send(request(GET, "/page.txt", "other.example.com"));
            connection.channel.close();

            List<String> ids = List.of(file.header(RequestIds.RESPONSE_HEADER), missing.header(RequestIds.RESPONSE_HEADER),
                    misdirected.header(RequestIds.RESPONSE_HEADER));
            assertThat(file.code()).isEqualTo(200);
            assertThat(missing.code()).isEqualTo(404);
            assertThat(misdirected.code()).isEqualTo(421);
            assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id.matches("[0-9a-f]{32}"));
            assertThat(connection.log.records()).extracting(AccessRecord::requestId).containsExactlyElementsOf(ids);
            assertThat(missing.text()).contains(ids.get(1));
        }
    }

    @Test
    void administratorsTemplateReplacesThePageMostSpecificFirstWithEscapedValues() {
        Map<String, String> templates = Map.of(
                "403.7", "<p>seven {{code}} {{reason}} {{requestId}} {{detail}}</p><ul>{{tryThis}}</ul>",
                "403", "<p>any 403: {{status}}.{{substatus}} {{title}}</p>");
        ErrorsConfig errors = ErrorsConfig.of(ErrorDetail.DETAILED, templates);
        ErrorResponses.Context context = new ErrorResponses.Context(ID, errors, Optional.empty(), List.of(), Instant.EPOCH);
        String hostile = "<script>alert('x')</script> & \"q\"";

        Page seven = read(ErrorResponses.refusal(UnpooledByteBufAllocator.DEFAULT, context,
                Refusal.CLIENT_CERTIFICATE_REQUIRED, Detail.of(hostile), BROWSER));
        Page sixteen = read(ErrorResponses.refusal(UnpooledByteBufAllocator.DEFAULT, context,
                Refusal.CLIENT_CERTIFICATE_UNTRUSTED, Detail.of(hostile), BROWSER));
        Page notFound = read(ErrorResponses.plain(UnpooledByteBufAllocator.DEFAULT, context, HttpResponseStatus.NOT_FOUND,
                Detail.NONE, BROWSER));
        Page json = read(ErrorResponses.refusal(UnpooledByteBufAllocator.DEFAULT, context,
                Refusal.CLIENT_CERTIFICATE_REQUIRED, Detail.of(hostile), "application/json"));

        assertThat(seven.body()).startsWith("<p>seven 403.7 client-certificate-required " + ID
                + " &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;</p><ul><li>");
        assertThat(seven.body()).doesNotContain("<script>");
        assertThat(seven.policy()).startsWith("default-src 'none';").doesNotContain("script-src");
        assertThat(sixteen.body()).isEqualTo("<p>any 403: 403.16 Client certificate untrusted or invalid</p>");
        assertThat(notFound.body()).as("no 404 template: certgate's own page").contains("<!DOCTYPE html>");
        assertThat(json.body()).as("templates are HTML only").startsWith("{\"status\":403");
    }

    static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
