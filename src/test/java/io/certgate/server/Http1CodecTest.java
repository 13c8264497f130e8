package io.certgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Http1CodecTest {

    /** Netty's default HttpServerCodec throws (and the connection closes unanswered) past 128 unanswered requests. */
    @Test
    void moreThan128UnansweredRequestsInOneReadAreAllDecoded() {
        List<String> decoded = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(AlpnPipeline.http1Codec(), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest request) {
                    decoded.add(request.uri());
                }
                ReferenceCountUtil.release(msg);
            }
        });
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            requests.append("GET /").append(i).append(" HTTP/1.1\r\nHost: localhost\r\n\r\n");
        }

        channel.writeInbound(Unpooled.copiedBuffer(requests, StandardCharsets.US_ASCII));

        assertThat(decoded).hasSize(1000).endsWith("/999");
        assertThat(channel.isOpen()).isTrue();
        channel.finishAndReleaseAll();
    }
}
