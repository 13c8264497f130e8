package io.certgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BodilessRequestsTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec(), new BodilessRequests());
    private final List<Object> read = new ArrayList<>();

    @AfterEach
    void close() {
        read.forEach(ReferenceCountUtil::release);
        channel.finishAndReleaseAll();
    }

    @Test
    void aGetWithoutBodyIsOneFullRequestWithItsHeadersAndTarget() {
        List<Object> messages = send("GET /a/b?c=d HTTP/1.1\r\nHost: example.com\r\nX-Thing: one\r\nX-Thing: two\r\n\r\n");

        assertThat(messages).hasSize(1);
        FullHttpRequest request = (FullHttpRequest) messages.get(0);
        assertThat(request.uri()).isEqualTo("/a/b?c=d");
        assertThat(request.method().name()).isEqualTo("GET");
        assertThat(request.protocolVersion().text()).isEqualTo("HTTP/1.1");
        assertThat(request.headers().getAll("X-Thing")).containsExactly("one", "two");
        assertThat(request.headers().contains("Content-Length")).isFalse();
        assertThat(request.content().readableBytes()).isZero();
        assertThat(request.trailingHeaders().isEmpty()).isTrue();
        assertThat(request.decoderResult().isSuccess()).isTrue();
    }

    @Test
    void pipelinedGetsAreEachOneMessageInOrder() {
        List<Object> messages = send("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nHEAD /2 HTTP/1.1\r\nHost: h\r\n\r\nGET /3 HTTP/1.1\r\nHost: h\r\n\r\n");

        assertThat(messages).hasSize(3).allMatch(m -> m instanceof FullHttpRequest);
        assertThat(messages.stream().map(m -> ((HttpRequest) m).uri())).containsExactly("/1", "/2", "/3");
    }

    @Test
    void aZeroContentLengthIsLeftAsTheClientFramedIt() {
        List<Object> messages = send("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n");

        assertThat(messages).hasSize(2);
        assertThat(messages.get(0)).isInstanceOf(HttpRequest.class).isNotInstanceOf(FullHttpRequest.class);
        assertThat(((HttpRequest) messages.get(0)).headers().get("Content-Length")).isEqualTo("0");
        assertThat(messages.get(1)).isInstanceOf(LastHttpContent.class);
    }

    @Test
    void aRequestWithABodyIsPassedOnAsItCame() {
        List<Object> messages = send("POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
                + "POST /q HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");

        assertThat(messages.get(0)).isInstanceOf(HttpRequest.class).isNotInstanceOf(FullHttpRequest.class);
        StringBuilder bodies = new StringBuilder();
        int requests = 0;
        for (Object message : messages) {
            if (message instanceof HttpRequest) {
                requests++;
                assertThat(message).isNotInstanceOf(LastHttpContent.class);
            }
            if (message instanceof HttpContent content) {
                bodies.append(content.content().toString(StandardCharsets.US_ASCII)).append(message instanceof LastHttpContent ? "|" : "");
            }
        }
        assertThat(requests).isEqualTo(2);
        assertThat(bodies.toString()).isEqualTo("hello|abc|");
    }

    @Test
    void aBodilessRequestAfterOneWithABodyIsStillMerged() {
        List<Object> messages = send("POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi"
                + "GET /after HTTP/1.1\r\nHost: h\r\n\r\n");

        Object last = messages.get(messages.size() - 1);
        assertThat(last).isInstanceOf(FullHttpRequest.class);
        assertThat(((HttpRequest) last).uri()).isEqualTo("/after");
    }

    @Test
    void aMalformedRequestIsPassedOnWithItsFailure() {
        List<Object> messages = send("GET / HTTP/1.1\r\nHost: h\r\nBad Header\r\n\r\n");

        assertThat(messages).isNotEmpty();
        assertThat(((HttpRequest) messages.get(0)).decoderResult().isFailure()).isTrue();
    }

    private List<Object> send(String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.US_ASCII));
        List<Object> messages = new ArrayList<>();
        for (Object message = channel.readInbound(); message != null; message = channel.readInbound()) {
            messages.add(message);
            read.add(message);
        }
        return messages;
    }
}
