package io.certgate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.testing.StrictRequestParser.Complete;
import io.certgate.testing.StrictRequestParser.Incomplete;
import io.certgate.testing.StrictRequestParser.Malformed;
import io.certgate.testing.StrictRequestParser.Message;
import io.certgate.testing.StrictRequestParser.Result;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictRequestParserTest {

    private static Result parse(String wire) {
        byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
        return StrictRequestParser.parse(bytes, bytes.length);
    }

    private static Message complete(String wire) {
        Result result = parse(wire);
        assertThat(result).as(wire).isInstanceOf(Complete.class);
        assertThat(((Complete) result).consumed()).as("consumed the whole request").isEqualTo(wire.length());
        return ((Complete) result).message();
    }

    private static String malformed(String wire) {
        Result result = parse(wire);
        assertThat(result).as(wire).isInstanceOf(Malformed.class);
        return ((Malformed) result).reason();
    }

    @Test
    void getWithoutBodyKeepsEveryFieldInOrderAsWritten() {
        Message m = complete("GET /app/x?q=%2F HTTP/1.1\r\nHost: localhost\r\nX-Remote-User:  alice \r\nhost: again\r\n\r\n");
        assertThat(m.method() + " " + m.target() + " " + m.version()).isEqualTo("GET /app/x?q=%2F HTTP/1.1");
        assertThat(m.headers()).containsExactly(new HeaderField("Host", "localhost"),
                new HeaderField("X-Remote-User", "alice"), new HeaderField("host", "again"));
        assertThat(m.framing()).isEqualTo("none");
        assertThat(m.body()).isEmpty();
    }

    @Test
    void contentLengthBodyIsExactlyThatManyBytes() {
        String head = "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n";
        assertThat(parse(head + "abc")).isInstanceOf(Incomplete.class);
        Message m = complete(head + "abcde");
        assertThat(m.framing()).isEqualTo("content-length");
        assertThat(new String(m.body(), StandardCharsets.ISO_8859_1)).isEqualTo("abcde");
    }

    @Test
    void pipelinedRequestsAreParsedOneAtATime() {
        String first = "POST /1 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nGET";
        String second = "GET /2 HTTP/1.1\r\nHost: h\r\n\r\n";
        Result result = parse(first + second);
        assertThat(((Complete) result).consumed()).isEqualTo(first.length());
        assertThat(complete(second).target()).isEqualTo("/2");
    }

    @Test
    void chunkedBodyIsDecodedWithExtensionsAndTrailers() {
        Message m = complete("POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n0006 ; quoted=\"a b\"\r\n world\r\n0\r\nX-Remote-User: alice\r\nContent-Length: 5\r\n\r\n");
        assertThat(m.framing()).isEqualTo("chunked");
        assertThat(new String(m.body(), StandardCharsets.ISO_8859_1)).isEqualTo("hello world");
        assertThat(m.trailers()).containsExactly(new HeaderField("X-Remote-User", "alice"), new HeaderField("Content-Length", "5"));
    }

    @Test
    void incompleteAtEveryByteUntilTheLastOne() {
        String wire = "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
        for (int i = 0; i < wire.length(); i++) {
            assertThat(parse(wire.substring(0, i))).as("first %d bytes", i).isInstanceOf(Incomplete.class);
        }
        complete(wire);
    }

    @Test
    void bareLineEndingsAreRefused() {
        assertThat(malformed("GET / HTTP/1.1\nHost: h\r\n\r\n")).contains("bare LF");
        assertThat(malformed("GET / HTTP/1.1\r\nHost: h\n\r\n")).contains("bare LF");
        assertThat(malformed("GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n")).contains("bare CR");
        assertThat(malformed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n0\r\n\r\n")).contains("bare LF");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET  / HTTP/1.1", "GET / HTTP/1.1 ", "GET /\tx HTTP/1.1", "G(T / HTTP/1.1", "GET / http/1.1",
            "GET / HTTP/11", "GET /caf\u00e9 HTTP/1.1", "", "GET / HTTP/1.1 extra"})
    void malformedRequestLinesAreRefused(String requestLine) {
        malformed(requestLine + "\r\nHost: h\r\n\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host : h", " Host: h", "\tX: folded", ": empty-name", "X Y: z", "X: nul\u0000", "X: bell\u0007",
            "X-No-Colon"})
    void malformedFieldLinesAreRefused(String field) {
        malformed("GET / HTTP/1.1\r\nHost: h\r\n" + field + "\r\n\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0, 5", "5, 5", "0x5", "+5", "-1", "5 5", "", "99999999999999999999", "1e3"})
    void malformedContentLengthsAreRefused(String value) {
        assertThat(malformed("POST / HTTP/1.1\r\nContent-Length: " + value + "\r\n\r\nhello")).contains("Content-Length");
    }

    @Test
    void twoContentLengthFieldsAreRefusedEvenWhenEqual() {
        assertThat(malformed("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello"))
                .contains("more than one Content-Length");
    }

    @Test
    void ambiguousTransferEncodingsAreRefused() {
        for (String te : List.of("gzip, chunked", "chunked, chunked", "identity", "xchunked", "chunked\r\nTransfer-Encoding: chunked")) {
            malformed("POST / HTTP/1.1\r\nTransfer-Encoding: " + te + "\r\n\r\n0\r\n\r\n");
        }
        assertThat(malformed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n"))
                .contains("both");
        assertThat(malformed("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")).contains("HTTP/1.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ZZ", "0x5", " 5 ", "5 ", "-5", "100000000000000000005", "5;", "5;a=", "5;a b"})
    void malformedChunkSizeLinesAreRefused(String sizeLine) {
        malformed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + sizeLine + "\r\nhello\r\n0\r\n\r\n");
    }

    @Test
    void chunkDataMustEndInCrlf() {
        assertThat(malformed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n0\r\n\r\n"))
                .contains("not followed by CRLF");
    }

    @Test
    void leadingZerosInSizesAreOnlyDigits() {
        assertThat(complete("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n000000000000000000003\r\nabc\r\n0\r\n\r\n").body())
                .hasSize(3);
        assertThat(complete("POST / HTTP/1.1\r\nContent-Length: 0000000000000000000003\r\n\r\nabc").body()).hasSize(3);
    }

    @Test
    void oversizedDeclaredBodiesAreRefusedBeforeTheyArrive() {
        malformed("POST / HTTP/1.1\r\nContent-Length: " + (StrictRequestParser.MAX_BODY_BYTES + 1) + "\r\n\r\n");
        malformed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFF\r\n");
    }
}
