package io.certgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Request targets split and normalized before routing, the way nginx does (RFC 3986 §5.2.4). */
class RequestPathTest {

    private static String normalized(String target) {
        return RequestPath.parse(target).map(RequestPath::normalized).orElseThrow(
                () -> new AssertionError("refused: " + target));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/,                 /",
            "/a/b,              /a/b",
            "/a/./b,            /a/b",
            "/a/b/../c,         /a/c",
            "/a//b///c,         /a/b/c",
            "//a,               /a",
            "/a/b/..,           /a/",
            "/a/b/.,            /a/b/",
            "/a/..,             /",
            "/a/b/,             /a/b/",
            "/dir/,             /dir/",
    })
    void dotSegmentsAreResolvedAndRepeatedSlashesMerged(String target, String expected) {
        assertThat(normalized(target)).isEqualTo(expected);
    }

    @Test
    void trailingSlashIsKeptAndDistinguishesADirectory() {
        assertThat(normalized("/docs/")).isEqualTo("/docs/");
        assertThat(normalized("/docs")).isEqualTo("/docs");
    }

    @Test
    void percentEscapesAreDecodedAsUtf8() {
        assertThat(normalized("/caf%C3%A9/a%20b")).isEqualTo("/café/a b");
        assertThat(normalized("/%e2%82%ac")).isEqualTo("/€");
    }

    @Test
    void encodedDotSegmentsAreResolvedAfterDecoding() {
        assertThat(normalized("/a/%2e%2e/b")).isEqualTo("/b");
        assertThat(normalized("/a/%2E/b")).isEqualTo("/a/b");
        assertThat(normalized("/a/.%2e/b")).isEqualTo("/b");
    }

    @Test
    void encodedSlashOrBackslashIsRefusedBecauseBackendsDecodeThemDifferently() {
        assertThat(RequestPath.read("/a%2Fb").problem()).contains("encoded slash");
        assertThat(RequestPath.parse("/a/b%2f..%2fc")).isEmpty();
        assertThat(RequestPath.read("/app/..%5cadmin/x").problem()).contains("encoded backslash");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/..",
            "/../etc/passwd",
            "/a/../../b",
            "/%2e%2e/etc/passwd",
            "/a/%2e%2e%2f%2e%2e/etc",
            "/a/..%2f..%2fetc",
    })
    void climbingAboveTheRootIsRefused(String target) {
        assertThat(RequestPath.parse(target)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a%00b", "/a%00", "/%00/.."})
    void encodedNulIsRefused(String target) {
        assertThat(RequestPath.parse(target)).isEmpty();
    }

    @Test
    void literalNulIsRefused() {
        assertThat(RequestPath.parse("/a\0b")).isEmpty();
    }

    @Test
    void literalNulIsRefusedAlsoWhenTheTargetHasPercentEscapes() {
        // Netty's HTTP/1.1 decoder passes a NUL byte of the request line through as a character.
        assertThat(RequestPath.parse("/a%20b\0.txt")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/%", "/a%2", "/a%zz", "/a%g0", "/a%%41", "/a%2 "})
    void malformedPercentEscapeIsRefused(String target) {
        assertThat(RequestPath.parse(target)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/%\u0664\u0661",   // Arabic-Indic digits four, one: not HEXDIG
            "/%\uFF14\uFF11",   // fullwidth digits
            "/%\uFF14\uFF21",   // fullwidth digit four, fullwidth letter A
    })
    void percentEscapeWithNonAsciiDigitsIsRefused(String target) {
        // RFC 3986 §2.1: pct-encoded = "%" HEXDIG HEXDIG, and HEXDIG is ASCII only (RFC 5234 B.1).
        assertThat(RequestPath.parse(target)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/%C3%28", "/%ff", "/%c0%ae%c0%ae/etc", "/%e2%82"})
    void invalidOrOverlongUtf8IsRefused(String target) {
        assertThat(RequestPath.parse(target)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "*", "a/b", "example.com:443", "../a"})
    void targetThatIsNeitherOriginNorAbsoluteFormIsRefused(String target) {
        assertThat(RequestPath.parse(target)).isEmpty();
    }

    @Test
    void queryIsSplitOffAndKeptRaw() {
        RequestPath path = RequestPath.parse("/a/../search?q=a%20b&x=/../y").orElseThrow();

        assertThat(path.raw()).isEqualTo("/a/../search");
        assertThat(path.query()).isEqualTo("q=a%20b&x=/../y");
        assertThat(path.normalized()).isEqualTo("/search");
    }

    @Test
    void emptyQueryAndNoQueryAreBothEmpty() {
        assertThat(RequestPath.parse("/a?").orElseThrow().query()).isEmpty();
        assertThat(RequestPath.parse("/a").orElseThrow().query()).isEmpty();
    }

    @Test
    void fragmentIsDroppedBeforeTheQueryIsSplit() {
        RequestPath withQuery = RequestPath.parse("/a?x=1#frag").orElseThrow();
        RequestPath questionInFragment = RequestPath.parse("/a#frag?x=1").orElseThrow();

        assertThat(withQuery.query()).isEqualTo("x=1");
        assertThat(withQuery.normalized()).isEqualTo("/a");
        assertThat(questionInFragment.query()).isEmpty();
        assertThat(questionInFragment.normalized()).isEqualTo("/a");
    }

    @Test
    void rawPathIsKeptForDiagnosticsAndTheBackendGetsTheCanonicalOne() {
        RequestPath path = RequestPath.parse("/a//b/%2e/c%20d").orElseThrow();
        assertThat(path.canonical()).isEqualTo("/a/b/c%20d");

        assertThat(path.raw()).isEqualTo("/a//b/%2e/c%20d");
        assertThat(path.normalized()).isEqualTo("/a/b/c d");
    }

    @Test
    void absoluteFormTargetIsReducedToItsPathAndQuery() {
        RequestPath path = RequestPath.parse("https://app.example.com:8443/a/./b?x=1").orElseThrow();

        assertThat(path.raw()).isEqualTo("/a/./b");
        assertThat(path.query()).isEqualTo("x=1");
        assertThat(path.normalized()).isEqualTo("/a/b");
    }

    @Test
    void absoluteFormTargetWithoutPathIsTheRoot() {
        assertThat(RequestPath.parse("http://app.example.com")).map(RequestPath::normalized).isEqualTo(Optional.of("/"));
    }

    @Test
    void absoluteFormTargetCannotClimbAboveTheRootEither() {
        assertThat(RequestPath.parse("https://app.example.com/../etc/passwd")).isEmpty();
    }

    @Test
    void originFormTargetThatLooksLikeAnAuthorityStaysAPath() {
        // "//evil.example/x" is a path with an empty first segment, never a host.
        RequestPath path = RequestPath.parse("//evil.example/x").orElseThrow();

        assertThat(path.normalized()).isEqualTo("/evil.example/x");
        assertThat(path.raw()).isEqualTo("//evil.example/x");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/app/%61b/./c//d,       /app/ab/c/d",
            "/admin/../app/x,        /app/x",
            "/a/%7euser/%2d,         /a/~user/-",
            "/caf%c3%a9,             /caf%C3%A9",
            "/a%3bb/c%3F,            /a%3Bb/c%3F",
            "/a b,                   /a%20b",
            "/jsessionid;x=1/y,      /jsessionid;x=1/y",
            "/a/b/..,                /a/",
            "/index.html,            /index.html",
    })
    void canonicalFormDecodesOnlyUnreservedEscapesAndResolvesDotSegments(String target, String canonical) {
        assertThat(RequestPath.parse(target).orElseThrow().canonical()).isEqualTo(canonical);
    }

    @Test
    void theBackendTargetIsTheCanonicalPathWithTheQueryUnchanged() {
        assertThat(RequestPath.parse("/app/%61b/./c//d?q=%2F&x=/../y").orElseThrow().target())
                .isEqualTo("/app/ab/c/d?q=%2F&x=/../y");
    }

    @Test
    void routingDropsSegmentParametersTheWayServletContainersDo() {
        assertThat(RequestPath.parse("/admin;x").orElseThrow().routing()).isEqualTo("/admin");
        assertThat(RequestPath.parse("/admin;jsessionid=1/x").orElseThrow().routing()).isEqualTo("/admin/x");
        assertThat(RequestPath.parse("/;x/admin").orElseThrow().routing()).isEqualTo("/admin");
        assertThat(RequestPath.parse("/admin%3bx/y").orElseThrow().routing()).isEqualTo("/admin/y");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/app/..;/admin/x", "/app/.;/admin", "/app/..;x=1/admin", "/app/..%3b/admin", "/app/%2e%2e;/admin",
    })
    void aDotSegmentHiddenBehindParametersIsRefused(String target) {
        assertThat(RequestPath.read(target).problem()).contains(";parameters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/app/..\\admin/x", "/admin\\x", "/a\\"})
    void aRawBackslashIsRefused(String target) {
        assertThat(RequestPath.read(target).problem()).contains("backslash");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin./x", "/admin%20/x", "/admin.", "/a/b ", "/a/...", "/admin%2e/x"})
    void aSegmentEndingInADotOrSpaceIsRefused(String target) {
        assertThat(RequestPath.parse(target)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a%01b", "/a%7f", "/a\u0001b", "/a\u007fb"})
    void controlCharactersAreRefusedRawOrEncoded(String target) {
        assertThat(RequestPath.read(target).problem()).contains("control character");
    }

    @Test
    void aControlCharacterInTheQueryIsRefused() {
        assertThat(RequestPath.parse("/a?x=\u0001")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin::$DATA", "/ADMIN~1/x", "/a/PROGRA~12.TXT", "/x/file.asp:$DATA"})
    void windowsAliasesAreNamed(String target) {
        assertThat(RequestPath.parse(target).orElseThrow().windowsAlias()).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/~alice/", "/a~b", "/v1/items:batchGet", "/a/b"})
    void ordinaryTildesAndColonsAreNotWindowsAliases(String target) {
        assertThat(RequestPath.parse(target).orElseThrow().windowsAlias()).isEmpty();
    }

    @Test
    void theCommonCaseNeedsNoCopy() {
        String target = "/app/users/42/profile.json";
        RequestPath path = RequestPath.parse(target).orElseThrow();
        assertThat(path.canonical()).isSameAs(path.raw());
        assertThat(path.routing()).isEqualTo(target);
    }
}
