package io.certgate.http.drain;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Drains an HTTP/1.1 connection (RFC 9112 §9.6): once the gateway stops, the next answer carries
 * {@code Connection: close} and the connection closes after it (the keep-alive handler does, and
 * the pipelining guard passes no waiting request on); a connection with no request in flight closes
 * at once. An answer whose head went out before the stop began cannot say so any more: the
 * connection closes after its last byte instead.
 *
 * <p>Sits after the pipelining guard and before the request handlers, so that it sees one request
 * at a time and its {@code Connection: close} passes the guard and the keep-alive handler on the
 * way out. A connection whose HTTP layer was added after the stop began answers one request.
 */
public final class Http1Drain extends ChannelDuplexHandler {

    /** Requests read whose final answer has not been written to its end yet. */
    private int unanswered;
    /** True between a final answer's head and its last content. */
    private boolean answering;
    /** True between a 1xx head and its (empty) end, which does not finish the request. */
    private boolean informational;
    /** True once the gateway stops. */
    private boolean draining;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        draining = Draining.of(ctx.channel()) != null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            unanswered++;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof Draining.Drain) {
            draining = true;
            if (unanswered == 0) {
                ctx.close(); // idle keep-alive connection: nothing to finish
            }
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean closeAfter = false;
        if (msg instanceof HttpResponse response) {
            informational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            if (!informational) {
                answering = true;
                if (draining) {
                    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                }
            }
        }
        if (msg instanceof LastHttpContent) {
            if (informational) {
                informational = false;
            } else if (answering) {
                answering = false;
                unanswered = Math.max(0, unanswered - 1);
                closeAfter = draining;
            }
        }
        if (closeAfter) {
            ctx.write(msg, promise.unvoid()).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.write(msg, promise);
        }
    }
}
