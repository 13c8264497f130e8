package io.certgate.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.fuzz.StrictRequestParser.Mode;
import io.certgate.fuzz.StrictRequestParser.Reading;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fuzz test's own reader of what reaches a backend: it must be stricter than any backend. */
class StrictRequestParserTest {

    private static Reading strict(String bytes) {
        return StrictRequestParser.read(bytes.getBytes(StandardCharsets.ISO_8859_1), Mode.STRICT);
    }

    @Test
    void twoKeepAliveRequestsReadAsTwo() {
        Reading reading = strict("POST /app/x?a=%2F&b=%zz HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello"
                + "GET /app/y HTTP/1.1\r\nHost: LocalHost.:8443\r\nX-A:  spaced \r\n\r\n");

        assertThat(reading.clean()).as(reading.toString()).isTrue();
        assertThat(reading.requests()).hasSize(2);
        assertThat(reading.requests().get(0).body()).asString().isEqualTo("hello");
        assertThat(reading.requests().get(0).path()).isEqualTo("/app/x");
        assertThat(reading.requests().get(0).query()).isEqualTo("a=%2F&b=%zz");
        assertThat(reading.requests().get(1).values("x-a")).containsExactly("spaced");
    }

    @Test
    void chunkedBodyIsJoinedAndTrailersKeptApart() {
        Reading reading = strict("POST /app HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Remote-User: alice\r\n\r\n");

        assertThat(reading.clean()).as(reading.toString()).isTrue();
        assertThat(reading.requests().get(0).body()).asString().isEqualTo("helloabcdefghijklmnopqrstuvwxyz");
        assertThat(reading.requests().get(0).trailers()).extracting(StrictRequestParser.Field::name)
                .containsExactly("X-Remote-User");
    }

    @Test
    void aBodyShorterThanItsLengthIsIncompleteNotAnError() {
        Reading reading = strict("POST /app HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\nhello");

        assertThat(reading.requests()).isEmpty();
        assertThat(reading.incomplete()).isTrue();
        assertThat(reading.error()).isEmpty();
    }

    @Test
    void aRequestHiddenInAnUndeclaredBodyReadsAsASecondRequest() {
        Reading reading = strict("POST /app HTTP/1.1\r\nHost: localhost\r\n\r\n"
                + "GET /admin/secret HTTP/1.1\r\nHost: localhost\r\nX-Remote-User: alice\r\n\r\n");

        assertThat(reading.requests()).extracting(StrictRequestParser.Request::target)
                .containsExactly("/app", "/admin/secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET /app HTTP/1.1\nHost: localhost\r\n\r\n",                          // bare LF
        "GET /app HTTP/1.1\r\nHost: localhost\r\n folded\r\n\r\n",             // obs-fold
        "GET /app HTTP/1.1\r\nHost : localhost\r\n\r\n",                       // space before colon
        "GET /app HTTP/1.1\r\nX Y: z\r\nHost: localhost\r\n\r\n",              // name not a token
        "GET /app HTTP/1.1\r\nHost: localhost\r\nHost: localhost\r\n\r\n",     // two Host
        "GET /app HTTP/1.1\r\n\r\n",                                           // no Host
        "GET /app HTTP/1.1\r\nHost: user@localhost\r\n\r\n",                   // userinfo
        "GET /app HTTP/1.1\r\nHost: \r\n\r\n",                                 // empty Host
        "GET /app HTTP/1.1\r\nHost: localhost..\r\n\r\n",                        // empty label
        "GET /app HTTP/1.1\r\nHost: localhost,site2.test\r\n\r\n",              // a list
        "GET /app HTTP/1.1\r\nHost: localhost:443:1\r\n\r\n",                    // two ports
        "GET /a?b#c HTTP/1.1\r\nHost: localhost\r\n\r\n",                        // fragment
        "POST /app HTTP/1.1\r\nHost: localhost\r\nContent-Length: 05\r\n\r\nhello", // not our own count
        "GET /a\\b HTTP/1.1\r\nHost: localhost\r\n\r\n",                       // backslash
        "GET /a%zz HTTP/1.1\r\nHost: localhost\r\n\r\n",                       // bad escape
        "GET http://localhost/app HTTP/1.1\r\nHost: localhost\r\n\r\n",        // absolute-form
        "GET /app HTTP/1.0\r\nHost: localhost\r\n\r\n",                        // not 1.1
        "G@T /app HTTP/1.1\r\nHost: localhost\r\n\r\n",                        // method not a token
        "GET  /app HTTP/1.1\r\nHost: localhost\r\n\r\n",                       // two spaces
        "\r\nGET /app HTTP/1.1\r\nHost: localhost\r\n\r\n",                    // leading empty line
        "POST /app HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0, 5\r\n\r\n",
        "POST /app HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
        "POST /app HTTP/1.1\r\nHost: localhost\r\nContent-Length: +5\r\n\r\nhello",
        "POST /app HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST /app HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
        "POST /app HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n\r\n",
        "POST /app HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n",
        "POST /app HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n 5 \r\nhello\r\n0\r\n\r\n",
        "POST /app HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n5;x=1\r\nhello\r\n0\r\n\r\n",
        "POST /app HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n",
        "POST /app HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\n",
    })
    void whatSomeBackendCouldReadAnotherWayIsMalformed(String bytes) {
        Reading reading = strict(bytes);

        assertThat(reading.error()).as(reading.toString()).isPresent();
    }

    @Test
    void rfcModeReadsWhatAClientMaySendThatStrictModeRefuses() {
        byte[] bytes = ("\r\nPOST http://localhost/app HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=\"va\\\"l\"\r\nhello\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);

        assertThat(StrictRequestParser.read(bytes, Mode.STRICT).error()).isPresent();
        Reading rfc = StrictRequestParser.read(bytes, Mode.RFC);
        assertThat(rfc.clean()).as(rfc.toString()).isTrue();
        assertThat(rfc.requests().get(0).body()).asString().isEqualTo("hello");
    }

    @Test
    void aBadChunkLineIsABodyError() {
        Reading reading = StrictRequestParser.read(("POST /app HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\nZZ\r\n").getBytes(StandardCharsets.ISO_8859_1), Mode.RFC);

        assertThat(reading.error()).isPresent();
        assertThat(reading.errorInBody()).isTrue();
        assertThat(reading.requests()).isEmpty();
    }
}
