package io.certgate.http.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a backend connection: hands what the backend sends to the exchange that
 * currently uses the connection. An idle connection (no exchange) that hears from its backend
 * or goes quiet too long is closed.
 */
final class BackendRelay extends ChannelInboundHandlerAdapter {

    static final String NAME = "relay";
    private static final AttributeKey<ProxyExchange> EXCHANGE = AttributeKey.valueOf("certgate.proxy.exchange");

    static void attach(Channel backend, ProxyExchange exchange) {
        backend.attr(EXCHANGE).set(exchange);
    }

    static void detach(Channel backend) {
        backend.attr(EXCHANGE).set(null);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ProxyExchange exchange = ctx.channel().attr(EXCHANGE).get();
        if (exchange == null || !(msg instanceof HttpObject)) {
            ReferenceCountUtil.release(msg);
            ctx.close(); // nobody asked: a backend talking out of turn cannot be trusted with the next request
            return;
        }
        exchange.fromBackend((HttpObject) msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ProxyExchange exchange = ctx.channel().attr(EXCHANGE).get();
        if (exchange != null) {
            exchange.backendReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ProxyExchange exchange = ctx.channel().attr(EXCHANGE).get();
        if (exchange != null) {
            exchange.backendWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ProxyExchange exchange = ctx.channel().attr(EXCHANGE).get();
        if (exchange != null) {
            exchange.backendClosed(null);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ProxyExchange exchange = ctx.channel().attr(EXCHANGE).get();
        if (exchange != null) {
            exchange.backendClosed(cause);
        }
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            ProxyExchange exchange = ctx.channel().attr(EXCHANGE).get();
            if (exchange == null) {
                ctx.close();
            }
            return; // an exchange in progress has its own read timeout
        }
        ctx.fireUserEventTriggered(event);
    }
}
