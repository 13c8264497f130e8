package io.certgate.http;

import io.certgate.http.request.BadRequest;
import io.certgate.log.GatewayMetrics;
import io.certgate.proxyprotocol.ConnectionAddresses;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Queue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP/1.1 answers in request order (RFC 9112 §9.3.2): while an answer is still being written
 * (a proxied request, a streamed file), a pipelined next request waits here, and the connection
 * stops reading, until that answer's last byte is written. HTTP/2 streams need no guard.
 *
 * <p>Stopping reading bounds what waits to what one read brought, which can still be thousands of
 * small requests. At most {@code maxWaiting} requests wait; the first one beyond is answered, in
 * its turn, with 503 and {@code Connection: close}, and what follows it is dropped unread: the
 * client learns where its requests stopped being served and sends the rest on a new connection
 * (RFC 9112 §9.3.2), instead of seeing a connection close without a word. The HTTP codec before
 * this guard must therefore not limit the pipeline itself (Netty's HttpServerCodec closes the
 * connection after 128 unanswered requests unless told otherwise).
 */
public final class PipeliningGuard extends ChannelDuplexHandler {

    /**
     * Requests that may wait behind the one being answered. Each costs its decoded head (about
     * half a kilobyte with a few headers), so a connection's queue stays far below a megabyte,
     * while no client that pipelines in earnest (a few dozen requests at a time) ever meets it.
     */
    public static final int MAX_WAITING_REQUESTS = 256;
    static final String REASON = BadRequest.Reason.PIPELINE_LIMIT.label();
    private static final Logger LOG = LoggerFactory.getLogger(PipeliningGuard.class);

    private final int maxWaiting;
    private final GatewayMetrics metrics;
    private final Queue<Object> waiting = new ArrayDeque<>();
    private int waitingRequests;
    private int outstanding;
    private boolean informational;
    /** True while this guard holds the connection's reading off. */
    private boolean paused;
    /** The first request over the limit, answered with a refusal in its turn; then everything is dropped. */
    private HttpRequest overLimit;
    /**
     * True while {@link #answered} passes waiting requests on. An answer written at once (a
     * refusal, a static file, a failed write on a closed connection) completes inside that loop;
     * it only counts itself then, and the loop further up the stack goes on.
     */
    private boolean passingOn;
    /**
     * True once the request being answered, or its answer, ends the connection (HTTP/1.0 without
     * keep-alive, {@code Connection: close}): nothing waiting behind it is passed on, since its
     * answer could never be delivered, and a backend would act on a request nobody hears back from.
     */
    private boolean lastOnConnection;

    public PipeliningGuard(GatewayMetrics metrics) {
        this(MAX_WAITING_REQUESTS, metrics);
    }

    public PipeliningGuard(int maxWaiting, GatewayMetrics metrics) {
        if (maxWaiting < 1) {
            throw new IllegalArgumentException("at least one request must be able to wait: " + maxWaiting);
        }
        this.maxWaiting = maxWaiting;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (overLimit != null || lastOnConnection) {
            ReferenceCountUtil.release(msg); // after the refused request: never served, never read on
            return;
        }
        if (!waiting.isEmpty() || msg instanceof HttpRequest && outstanding > 0) {
            if (msg instanceof HttpRequest request) {
                if (waitingRequests == maxWaiting) {
                    overLimit = request;
                    metrics.badRequest(REASON);
                    LOG.debug("refusing requests of {} after the {} pipelined ones waiting ({})",
                            ConnectionAddresses.of(ctx.channel()), maxWaiting, REASON);
                }
                waitingRequests++;
            }
            waiting.add(msg);
            if (!paused) {
                paused = true;
                ReadingPause.hold(ctx.channel());
            }
            return;
        }
        if (msg instanceof HttpRequest request) {
            outstanding++;
            lastOnConnection |= !HttpUtil.isKeepAlive(request);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) {
            informational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            lastOnConnection |= !informational && !HttpUtil.isKeepAlive(response);
        }
        if (msg instanceof LastHttpContent && !informational) {
            promise = promise.unvoid();
            promise.addListener(written -> answered(ctx, written.isSuccess()));
        }
        ctx.write(msg, promise);
    }

    private void answered(ChannelHandlerContext ctx, boolean written) {
        outstanding--;
        if (!written || !ctx.channel().isActive() || lastOnConnection) {
            releaseWaiting(); // the connection is gone or going: nothing waiting is served, none reaches a backend
            return;
        }
        if (passingOn) {
            return;
        }
        passingOn = true;
        try {
            while (!waiting.isEmpty() && !(waiting.peek() instanceof HttpRequest && outstanding > 0)) {
                if (!ctx.channel().isActive()) {
                    releaseWaiting();
                    return;
                }
                Object next = waiting.poll();
                if (next instanceof HttpRequest) {
                    waitingRequests--;
                    if (next == overLimit) {
                        refuse(ctx, overLimit);
                        return;
                    }
                    outstanding++;
                    lastOnConnection |= !HttpUtil.isKeepAlive((HttpRequest) next);
                }
                ctx.fireChannelRead(next);
            }
        } finally {
            passingOn = false;
        }
        if (waiting.isEmpty() && outstanding == 0 && paused && ctx.channel().isActive()) {
            // Only what this guard stopped does it restart: touching autoRead costs epoll_ctl calls.
            paused = false;
            ctx.fireChannelReadComplete();
            ReadingPause.release(ctx.channel());
        }
    }

    /** Answers the request over the limit, after all before it, and ends the connection. */
    private void refuse(ChannelHandlerContext ctx, HttpRequest request) {
        FullHttpResponse response = ErrorResponses.outsideRequest(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE,
                "more than " + maxWaiting + " pipelined requests were waiting; this one and the ones after it were"
                        + " not served: send them on a new connection", request.headers().get(HttpHeaderNames.ACCEPT));
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ReferenceCountUtil.release(request);
        releaseWaiting();
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseWaiting();
        ctx.fireChannelInactive();
    }

    private void releaseWaiting() {
        Object msg;
        while ((msg = waiting.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
        waitingRequests = 0;
    }
}
