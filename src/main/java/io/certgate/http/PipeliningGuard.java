package io.certgate.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * HTTP/1.1 answers in request order (RFC 9112 §9.3.2): while an answer is still being written
 * (a proxied request, a streamed file), a pipelined next request waits here, and the connection
 * stops reading, until that answer's last byte is written. HTTP/2 streams need no guard.
 */
public final class PipeliningGuard extends ChannelDuplexHandler {

    private final Queue<Object> waiting = new ArrayDeque<>();
    private int outstanding;
    private boolean informational;
    /** True while this guard holds the connection's reading off. */
    private boolean paused;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!waiting.isEmpty() || msg instanceof HttpRequest && outstanding > 0) {
            waiting.add(msg);
            if (!paused) {
                paused = true;
                ReadingPause.hold(ctx.channel());
            }
            return;
        }
        if (msg instanceof HttpRequest) {
            outstanding++;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) {
            informational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        }
        if (msg instanceof LastHttpContent && !informational) {
            promise = promise.unvoid();
            promise.addListener(f -> answered(ctx));
        }
        ctx.write(msg, promise);
    }

    private void answered(ChannelHandlerContext ctx) {
        outstanding--;
        while (!waiting.isEmpty() && !(waiting.peek() instanceof HttpRequest && outstanding > 0)) {
            Object next = waiting.poll();
            if (next instanceof HttpRequest) {
                outstanding++;
            }
            ctx.fireChannelRead(next);
        }
        if (waiting.isEmpty() && outstanding == 0 && paused && ctx.channel().isActive()) {
            // Only what this guard stopped does it restart: touching autoRead costs epoll_ctl calls.
            paused = false;
            ctx.fireChannelReadComplete();
            ReadingPause.release(ctx.channel());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Object msg;
        while ((msg = waiting.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
        ctx.fireChannelInactive();
    }
}
