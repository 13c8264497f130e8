package io.certgate.server;

import io.certgate.http.Connection;
import io.certgate.log.GatewayMetrics;
import io.certgate.tls.HandshakeFailure;
import io.certgate.tls.SessionReuse;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * Counts the connection's TLS handshake, full or resumed, or why it failed (including a ClientHello
 * that never came), then steps out of the pipeline. Sits right after the SNI/TLS handler, so it sees
 * the completion event before anything acts on it.
 */
final class HandshakeMeter extends ChannelInboundHandlerAdapter {

    private final GatewayMetrics metrics;
    private final long acceptedAtMillis = System.currentTimeMillis();

    HandshakeMeter(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        boolean done = false;
        if (event instanceof SslHandshakeCompletionEvent completion) {
            if (completion.isSuccess()) {
                SslHandler tls = ctx.pipeline().get(SslHandler.class);
                metrics.handshake(Connection.of(ctx.channel()).site().name(),
                        tls != null && SessionReuse.resumed(tls.engine(), acceptedAtMillis));
            } else {
                metrics.handshakeFailed(HandshakeFailure.of(completion.cause()).label());
            }
            done = true;
        } else if (event instanceof SniCompletionEvent sni && !sni.isSuccess()) {
            metrics.handshakeFailed(HandshakeFailure.of(sni.cause()).label()); // no ClientHello in time
            done = true;
        }
        ctx.fireUserEventTriggered(event);
        if (done && ctx.pipeline().context(this) != null) {
            ctx.pipeline().remove(this);
        }
    }
}
