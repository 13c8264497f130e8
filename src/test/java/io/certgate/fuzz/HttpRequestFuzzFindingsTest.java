package io.certgate.fuzz;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the fuzzer found, minimized and written out so that a person can read it: each case runs
 * through the {@link FuzzHarness} and its invariants, exactly as the fuzzer ran it.
 * (Jazzer's own findings live as raw fuzzer data in {@code HttpRequestFuzzTestInputs}; these are
 * the same kind of regression case, in the HTTP bytes they stand for.)
 */
class HttpRequestFuzzFindingsTest {

    @TempDir
    static Path dir;
    private static FuzzHarness harness;

    @BeforeAll
    static void buildGateway() throws Exception {
        harness = FuzzHarness.start(dir);
    }

    @AfterAll
    static void closeGateway() {
        harness.close();
    }

    static Stream<Arguments> findings() {
        return Stream.of(
                finding("repeated slashes are merged before the backend sees them", true,
                        "POST // HTTP/1.1\r\nHost: localhost\r\n\r\n"),
                finding("a ;parameter judged as its segment reaches a backend that keeps it", true,
                        "GET /admin;jsessionid=1 HTTP/1.1\r\nHost: localhost\r\n\r\n"),
                finding("a ;parameter does not let an anonymous client out of an open location into a closed one", false,
                        "GET /admin/public;x HTTP/1.1\r\nHost: localhost\r\n\r\n"),
                finding("a segment that is only a ;parameter vanishes from the route but not from the backend's path", true,
                        "GET /;x/admin HTTP/1.1\r\nHost: localhost\r\n\r\n"),
                finding("an encoded ; is not a parameter to any backend", true,
                        "GET /%3b/admin HTTP/1.1\r\nHost: localhost\r\n\r\n"),
                finding("differing Content-Length values on HTTP/1.0 are refused", false,
                        "POST /x HTTP/1.0\r\nContent-Length: 5\r\nContent-Length: 12\r\n\r\nhello"),
                finding("an empty Content-Length beside another on HTTP/1.0 is refused", false,
                        "POST /x HTTP/1.0\r\nContent-Length: 0\r\nContent-Length:\r\n\r\n"),
                finding("nothing after a request refused with Connection: close reaches a backend", false,
                        "GET /a HTTP/1.1\r\nHost: localhost\r\n\r\n",
                        "POST /b HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /c HTTP/1.1\r\nHost: localhost\r\n\r\n"),
                finding("a pipelined request after an answer that closed the connection is released once", true,
                        "T http://l/static HTTP/1.0\r\nH:\r\n\r\nT z HTTP/1.1\r\nH:\r\n\r\n\u009e"));
    }

    /** A finding whose bytes arrive in these reads (one, unless the split mattered). */
    private static Arguments finding(String behaviour, boolean alice, String... reads) {
        int[] splits = new int[reads.length - 1];
        for (int i = 0, at = 0; i < splits.length; i++) {
            at += reads[i].length();
            splits[i] = at;
        }
        byte[] bytes = String.join("", reads).getBytes(StandardCharsets.ISO_8859_1);
        return Arguments.of(behaviour, new NastyRequests(alice, bytes, splits));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("findings")
    void findingStaysFixed(String behaviour, NastyRequests input) {
        try {
            harness.run(input);
        } catch (AssertionError e) {
            throw new AssertionError(behaviour + ": " + e.getMessage(), e.getCause());
        }
    }
}
