package io.certgate.http.proxy;

import io.certgate.config.ProxyConfig;
import io.certgate.log.GatewayMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * One request forwarded to a backend and its answer streamed back, on one event loop.
 *
 * <p>Backpressure both ways, read after write: the client's connection reads the next piece of
 * the request body only once the previous one is written to the backend, and the backend's
 * connection reads the next piece of the answer only once the previous one is written to the
 * client. So a 1 GB upload or download holds a few buffers, never the body.
 *
 * <p>Failures before the answer starts become 502 (backend unreachable, closed early) or 504
 * (silent for longer than the read timeout) in the usual error style; after the answer has
 * started they can only end the client's connection. A request without a body that fails on a
 * reused keep-alive connection (the backend closed it meanwhile) is retried once on a new one.
 *
 * <p>Ownership: the exchange owns one reference to the request head; every write retains it.
 */
final class ProxyExchange {

    /** How the exchange ends, for the handler that started it. */
    interface Listener {
        /** The answer was relayed ({@code clientReusable}), or the client connection must close. */
        void finished(boolean clientReusable);

        /**
         * Nothing was sent yet: answer the client with this error page. When the client's request
         * body was not fully read ({@code requestComplete} false), the connection must close.
         */
        void failed(HttpResponseStatus status, String detail, boolean requestComplete);
    }

    private final ChannelHandlerContext client;
    private final ProxyConfig backendConfig;
    private final BackendPools pools;
    private final HttpRequest request;
    private final Listener listener;
    private final Queue<HttpContent> waitingForBackend = new ArrayDeque<>();
    private final GatewayMetrics.Backend meters;
    private final long startNanos = System.nanoTime();

    private Channel backend;
    private boolean retried;
    private boolean requestComplete;
    private boolean requestSent;
    private long bodyBytesSent;
    /** Writes not yet completed, each way: more is read only when they reach zero. */
    private int unwrittenToBackend;
    private int unwrittenToClient;
    private boolean responseStarted;
    private boolean backendKeepAlive;
    private boolean finished;
    private ScheduledFuture<?> readDeadline;

    ProxyExchange(ChannelHandlerContext client, HttpRequest request, ProxyConfig backend, BackendPools pools,
                  Listener listener) {
        this.client = client;
        this.request = request;
        this.backendConfig = backend;
        this.pools = pools;
        this.listener = listener;
        this.requestComplete = request instanceof LastHttpContent;
        this.meters = pools.meters(backend);
    }

    void start() {
        Future<Channel> acquired = pools.acquire(client.channel().eventLoop(), backendConfig);
        acquired.addListener(f -> connected(acquired));
    }

    private void connected(Future<Channel> acquired) {
        if (finished) {
            if (acquired.isSuccess()) {
                pools.release(acquired.getNow(), backendConfig, false);
            }
            return;
        }
        if (!acquired.isSuccess()) {
            String why = acquired.cause() instanceof ConnectException ? "connection refused"
                    : String.valueOf(acquired.cause().getMessage());
            meters.failed(GatewayMetrics.BackendError.UNREACHABLE);
            fail(HttpResponseStatus.BAD_GATEWAY, "the backend " + backendConfig.url() + " is unreachable: " + why);
            return;
        }
        backend = acquired.getNow();
        BackendRelay.attach(backend, this);
        send(ReferenceCountUtil.retain(request), request instanceof LastHttpContent);
        HttpContent content;
        while ((content = waitingForBackend.poll()) != null) {
            send(content, content instanceof LastHttpContent);
        }
        backend.flush();
        if (!requestComplete) {
            client.read();
        }
    }

    /** A piece of the request body from the client. */
    void fromClient(HttpContent content) {
        if (finished) {
            ReferenceCountUtil.release(content);
            return;
        }
        requestComplete |= content instanceof LastHttpContent;
        if (backend == null) {
            waitingForBackend.add(content);
            return;
        }
        send(content, content instanceof LastHttpContent);
        backend.flush();
    }

    private void send(HttpObject message, boolean last) {
        if (message instanceof HttpContent content) {
            bodyBytesSent += content.content().readableBytes();
        }
        Channel to = backend;
        unwrittenToBackend++;
        to.write(message).addListener(f -> {
            if (finished || to != backend) {
                return;
            }
            unwrittenToBackend--;
            if (!f.isSuccess()) {
                backendClosed(f.cause());
            } else if (last) {
                requestSent = true;
                awaitBackend();
            } else if (message instanceof HttpContent && unwrittenToBackend == 0) {
                // Read after write: the next piece of the body only once everything read so far is
                // out (one read can carry several pieces; each must not ask for another read).
                client.read();
            }
        });
    }

    /** Asks the backend for more and starts the read timeout. */
    private void awaitBackend() {
        armReadDeadline();
        backend.read();
    }

    /** Something the backend sent: the answer's head, a piece of its body, or its end. */
    void fromBackend(HttpObject message) {
        disarmReadDeadline();
        if (finished) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (message instanceof HttpResponse response) {
            if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                ReferenceCountUtil.release(message); // 100 Continue: certgate already answered the client's Expect
                awaitBackend();
                return;
            }
            responseStarted = true;
            meters.answered(System.nanoTime() - startNanos);
            backendKeepAlive = HttpUtil.isKeepAlive(response);
            prepareForClient(response);
        }
        boolean last = message instanceof LastHttpContent;
        unwrittenToClient++;
        client.writeAndFlush(message).addListener(f -> {
            unwrittenToClient--;
            if (!f.isSuccess()) {
                abort(); // the client went away
            } else if (last) {
                finish();
            } else if (!finished && unwrittenToClient == 0) {
                awaitBackend(); // read after write, once everything read so far is written
            }
        });
    }

    private void prepareForClient(HttpResponse response) {
        HopByHopHeaders.remove(response.headers());
        int code = response.status().code();
        boolean bodyless = code == 204 || code == 304 || request.method().equals(HttpMethod.HEAD);
        if (!bodyless && !response.headers().contains(HttpHeaderNames.CONTENT_LENGTH) && !(response instanceof LastHttpContent)) {
            // A body of unknown length: HTTP/1.1 clients need it chunked (HTTP/2 framing ignores this).
            response.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        disarmReadDeadline();
        pools.release(backend, backendConfig, requestSent && backendKeepAlive);
        ReferenceCountUtil.release(request);
        // A backend may answer before the upload ends (413, say); the rest of the body is not
        // worth reading, so the client connection closes instead.
        listener.finished(requestComplete);
    }

    /** The backend connection closed or failed ({@code cause} null: closed). */
    void backendClosed(Throwable cause) {
        if (finished) {
            return;
        }
        disarmReadDeadline();
        if (!responseStarted && !retried && requestComplete && bodyBytesSent == 0 && BackendPools.wasReused(backend)) {
            retried = true; // a keep-alive connection the backend had closed meanwhile: one fresh attempt
            pools.release(backend, backendConfig, false);
            backend = null;
            requestSent = false;
            unwrittenToBackend = 0; // the old connection's write listeners are ignored from now on
            if (!(request instanceof LastHttpContent)) {
                waitingForBackend.add(LastHttpContent.EMPTY_LAST_CONTENT);
            }
            start();
            return;
        }
        meters.failed(GatewayMetrics.BackendError.CLOSED);
        if (!responseStarted) {
            fail(HttpResponseStatus.BAD_GATEWAY, "the backend " + backendConfig.url() + " closed the connection before"
                    + " answering" + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        } else {
            abort();
        }
    }

    /** The client went away, or an answer already started cannot be completed. */
    void abort() {
        if (end()) {
            listener.finished(false);
        }
    }

    private void fail(HttpResponseStatus status, String detail) {
        if (end()) {
            listener.failed(status, detail, requestComplete);
        }
    }

    /** Ends without a complete answer; false when already ended. */
    private boolean end() {
        if (finished) {
            return false;
        }
        finished = true;
        disarmReadDeadline();
        HttpContent content;
        while ((content = waitingForBackend.poll()) != null) {
            ReferenceCountUtil.release(content);
        }
        if (backend != null) {
            pools.release(backend, backendConfig, false);
        }
        ReferenceCountUtil.release(request);
        return true;
    }

    private void armReadDeadline() {
        disarmReadDeadline();
        readDeadline = client.executor().schedule(this::readTimedOut, backendConfig.readTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void disarmReadDeadline() {
        if (readDeadline != null) {
            readDeadline.cancel(false);
            readDeadline = null;
        }
    }

    private void readTimedOut() {
        if (finished) {
            return;
        }
        meters.failed(GatewayMetrics.BackendError.TIMEOUT);
        if (!responseStarted) {
            fail(HttpResponseStatus.GATEWAY_TIMEOUT, "the backend " + backendConfig.url() + " did not answer within "
                    + backendConfig.readTimeout().toMillis() + " ms");
        } else {
            abort();
        }
    }
}
