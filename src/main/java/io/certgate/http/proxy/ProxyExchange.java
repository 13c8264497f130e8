package io.certgate.http.proxy;

import io.certgate.http.Connection;
import io.certgate.http.Detail;
import io.certgate.http.ReadingPause;
import io.certgate.log.GatewayMetrics;
import io.certgate.upstream.Upstream;
import io.certgate.upstream.UpstreamHandshakeException;
import io.certgate.upstream.UpstreamTlsFailure;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultLastHttpContent;
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
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request forwarded to a backend and its answer streamed back, on one event loop.
 *
 * <p>Backpressure both ways, by writability (Netty's standard): the backend's connection stops
 * reading while the client cannot take more (its outbound buffer is over the high-water mark),
 * and the client's connection stops reading while the backend cannot. So a 1 GB upload or
 * download holds a few buffers, never the body. Writes are flushed once per read batch, so a
 * small answer leaves in one TLS record and one system call.
 *
 * <p>Failures before the answer starts become 502 (backend unreachable, closed early) or 504
 * (silent for longer than the read timeout) in the usual error style; an https backend whose
 * certificate certgate refuses (or whose handshake fails) is a 502 that says why; after the answer has
 * started they can only end the client's connection. A request without a body that fails on a
 * reused keep-alive connection (the backend closed it meanwhile) is retried once on a new one.
 *
 * <p>Ownership: the exchange owns one reference to the request head; every write retains it.
 */
final class ProxyExchange {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyExchange.class);

    /** How the exchange ends, for the handler that started it. */
    interface Listener {
        /** The answer was relayed ({@code clientReusable}), or the client connection must close. */
        void finished(boolean clientReusable);

        /**
         * Nothing was sent yet: answer the client with this error page. When the client's request
         * body was not fully read ({@code requestComplete} false), the connection must close.
         */
        void failed(HttpResponseStatus status, Detail detail, boolean requestComplete);
    }

    private final ChannelHandlerContext client;
    private final Upstream backendConfig;
    private final BackendPools pools;
    private final HttpRequest request;
    private final Listener listener;
    private final boolean bodyExpected;
    private final Queue<HttpContent> waitingForBackend = new ArrayDeque<>(4); // usually empty: a GET has no body to hold
    private final GatewayMetrics.Backend meters;
    private final long startNanos = System.nanoTime();

    private Channel backend;
    private boolean retried;
    private boolean requestComplete;
    private boolean requestSent;
    private long bodyBytesSent;
    private boolean responseStarted;
    private boolean backendKeepAlive;
    private boolean finished;
    /** True after a 1xx head until its (empty) end has gone by. */
    private boolean skipInformationalEnd;
    /** True while this exchange holds the client's reading off (its autoRead). */
    private boolean clientPaused;
    private ScheduledFuture<?> readDeadline;
    /** When the exchange began waiting for the backend; 0 while not waiting. */
    private long waitingSinceNanos;

    /**
     * @param bodyExpected true when request body bytes are still to come from the client (not the
     *                     empty end an HTTP/1.1 GET is followed by): only then is its reading paused
     */
    ProxyExchange(ChannelHandlerContext client, HttpRequest request, boolean bodyExpected, Upstream backend,
                  BackendPools pools, Listener listener) {
        this.client = client;
        this.request = request;
        this.bodyExpected = bodyExpected;
        this.backendConfig = backend;
        this.pools = pools;
        this.listener = listener;
        this.requestComplete = request instanceof LastHttpContent;
        this.meters = pools.meters(backend);
    }

    void start() {
        if (bodyExpected && !requestComplete) {
            pauseClient(); // the body waits in the client's socket until the backend can take it
        }
        Future<Channel> acquired = pools.acquire(client.channel().eventLoop(), backendConfig,
                Connection.transport(client.channel()));
        acquired.addListener(f -> connected(acquired));
    }

    private void connected(Future<Channel> acquired) {
        if (finished) {
            if (acquired.isSuccess()) {
                pools.release(acquired.getNow(), backendConfig, false);
            }
            return;
        }
        if (acquired.cause() instanceof UpstreamHandshakeException refused) {
            tlsFailed(refused.failure());
            return;
        }
        if (!acquired.isSuccess()) {
            String why = acquired.cause() instanceof ConnectException ? "connection refused"
                    : String.valueOf(acquired.cause().getMessage());
            meters.failed(GatewayMetrics.BackendError.UNREACHABLE);
            // The backend's address is the server's to know: a client is told what happened, not where
            // (the message of a connect timeout or a DNS failure names the address, so it is not passed on).
            String publicWhy = acquired.cause() instanceof ConnectException ? "connection refused"
                    : acquired.cause() instanceof io.netty.channel.ConnectTimeoutException ? "the connection timed out"
                    : "the connection failed";
            fail(HttpResponseStatus.BAD_GATEWAY, Detail.of("the backend is unreachable: " + publicWhy,
                    "the backend " + url() + " is unreachable: " + why));
            return;
        }
        backend = acquired.getNow();
        BackendRelay.attach(backend, this);
        send(ReferenceCountUtil.retain(request));
        HttpContent content;
        while ((content = waitingForBackend.poll()) != null) {
            send(content);
        }
        backend.flush();
        if (backend.isWritable()) {
            resumeClient();
        }
    }

    /** The backend's TLS handshake failed: a 502 saying why (the reason to the client, the names to the log). */
    private void tlsFailed(UpstreamTlsFailure failure) {
        meters.failed(GatewayMetrics.BackendError.TLS);
        String internal = "the backend " + url() + ": TLS " + failure.kind().words() + ": " + failure.detail();
        LOG.warn("{}", internal); // an outcome, not a bug: no stack trace
        fail(HttpResponseStatus.BAD_GATEWAY, Detail.of(failure.forClient(), internal));
    }

    private String url() {
        return backendConfig.config().url();
    }

    /** A piece of the request body from the client. */
    void fromClient(HttpContent content) {
        if (finished) {
            ReferenceCountUtil.release(content);
            return;
        }
        if (content.decoderResult().isFailure()) {
            // The body's framing broke off: the backend must never see its end, nor get this
            // connection back for another request (it may hold half a message).
            ReferenceCountUtil.release(content);
            if (responseStarted) {
                abort();
            } else {
                fail(HttpResponseStatus.BAD_REQUEST, Detail.of("the chunked request body is malformed"));
            }
            return;
        }
        if (content instanceof LastHttpContent last && !last.trailingHeaders().isEmpty()) {
            // Request trailers are dropped: a backend may merge them into the headers certgate judged.
            content = new DefaultLastHttpContent(last.content().retain());
            ReferenceCountUtil.release(last);
        }
        requestComplete |= content instanceof LastHttpContent;
        if (backend == null) {
            waitingForBackend.add(content);
            return;
        }
        send(content);
        if (!backend.isWritable()) {
            pauseClient(); // the backend is behind: read no more until it drains
        }
    }

    /** The client's read batch is over: what it brought goes out to the backend together. */
    void clientReadComplete() {
        if (backend != null && !finished) {
            backend.flush();
        }
    }

    private void send(HttpObject message) {
        if (message instanceof HttpContent content) {
            bodyBytesSent += content.content().readableBytes();
        }
        // A failed write closes the backend connection: BackendRelay reports it as closed.
        backend.write(message, backend.voidPromise());
        if (message instanceof LastHttpContent) {
            requestSent = true;
            armReadDeadline(); // now the backend owes an answer
        }
    }

    /** Something the backend sent: the answer's head, a piece of its body, or its end. */
    void fromBackend(HttpObject message) {
        if (finished) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (skipInformationalEnd && !(message instanceof HttpResponse)) {
            skipInformationalEnd = !(message instanceof LastHttpContent);
            ReferenceCountUtil.release(message);
            return;
        }
        if (message.decoderResult().isFailure()) {
            // A backend answer that does not parse: nothing more on this connection can be trusted.
            ReferenceCountUtil.release(message);
            retried = true; // not a keep-alive connection closed meanwhile: no second attempt
            backendClosed(message.decoderResult().cause());
            return;
        }
        if (message instanceof HttpResponse response) {
            if (response.status().code() == 101) {
                // Switching protocols: certgate forwards no Upgrade, so no backend may switch; the
                // connection would no longer carry HTTP for the next client.
                ReferenceCountUtil.release(message);
                retried = true;
                backendClosed(new IllegalStateException("the backend switched protocols"));
                return;
            }
            if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                // 100 Continue (certgate answered the client's Expect itself), 103 Early Hints:
                // not relayed; Netty's codec follows the head with an empty end, which is not the answer's.
                ReferenceCountUtil.release(message);
                skipInformationalEnd = true;
                return;
            }
            responseStarted = true;
            meters.answered(System.nanoTime() - startNanos);
            backendKeepAlive = HttpUtil.isKeepAlive(response);
            prepareForClient(response);
        }
        if (message instanceof LastHttpContent) {
            client.writeAndFlush(message, client.voidPromise());
            finish();
            return;
        }
        if (requestSent) {
            armReadDeadline(); // more is owed: the silence counts from this piece
        }
        client.write(message, client.voidPromise());
        if (!client.channel().isWritable()) {
            pauseBackend(); // the client is behind: read no more from the backend until it drains
        }
    }

    /** The backend's read batch is over: what it brought goes out to the client together. */
    void backendReadComplete() {
        if (!finished) {
            client.flush();
        }
    }

    /** The client drained below its low-water mark, or filled up past its high-water mark. */
    void clientWritabilityChanged() {
        if (!finished && backend != null && client.channel().isWritable()) {
            resumeBackend();
        }
    }

    /** The backend drained, or filled up. */
    void backendWritabilityChanged() {
        if (!finished && backend != null && backend.isWritable()) {
            resumeClient();
        }
    }

    private void pauseClient() {
        if (!clientPaused) {
            clientPaused = true;
            ReadingPause.hold(client.channel());
        }
    }

    private void resumeClient() {
        if (clientPaused) {
            clientPaused = false;
            ReadingPause.release(client.channel());
        }
    }

    private void pauseBackend() {
        backend.config().setAutoRead(false);
        waitingSinceNanos = 0; // the client is slow, not the backend: no timeout while paused
    }

    private void resumeBackend() {
        if (!backend.config().isAutoRead()) {
            backend.config().setAutoRead(true);
            if (requestSent) {
                armReadDeadline();
            }
        }
    }

    private void prepareForClient(HttpResponse response) {
        // The client is answered in its own protocol, whatever the backend spoke: an HTTP/1.0
        // status line would end the client's keep-alive connection.
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
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
        cancelReadDeadline();
        backend.config().setAutoRead(true); // an idle pooled connection reads, to notice a backend that closes it
        pools.release(backend, backendConfig, requestSent && backendKeepAlive);
        ReferenceCountUtil.release(request);
        resumeClient();
        // A backend may answer before the upload ends (413, say); the rest of the body is not
        // worth reading, so the client connection closes instead.
        listener.finished(requestComplete);
    }

    /** The backend connection closed or failed ({@code cause} null: closed). */
    void backendClosed(Throwable cause) {
        if (finished) {
            return;
        }
        if (!responseStarted && !retried && requestComplete && bodyBytesSent == 0 && BackendPools.wasReused(backend)
                && isIdempotent(request.method()) && client.channel().isActive()) {
            retried = true; // a keep-alive connection the backend had closed meanwhile: one fresh attempt
            BackendRelay.detach(backend);
            pools.release(backend, backendConfig, false);
            backend = null;
            requestSent = false;
            waitingSinceNanos = 0;
            if (!(request instanceof LastHttpContent)) {
                waitingForBackend.add(LastHttpContent.EMPTY_LAST_CONTENT);
            }
            start();
            return;
        }
        meters.failed(GatewayMetrics.BackendError.CLOSED);
        if (!responseStarted) {
            String why = cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage();
            fail(HttpResponseStatus.BAD_GATEWAY, Detail.of("the backend closed the connection before answering",
                    "the backend " + url() + " closed the connection before answering" + why));
        } else {
            abort();
        }
    }

    /** RFC 9110 §9.2.2: only idempotent requests may be retried automatically, without the client asking. */
    private static boolean isIdempotent(HttpMethod method) {
        return method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD) || method.equals(HttpMethod.OPTIONS)
                || method.equals(HttpMethod.TRACE) || method.equals(HttpMethod.PUT) || method.equals(HttpMethod.DELETE);
    }

    /** The client went away, or an answer already started cannot be completed. */
    void abort() {
        if (end()) {
            listener.finished(false);
        }
    }

    private void fail(HttpResponseStatus status, Detail detail) {
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
        cancelReadDeadline();
        HttpContent content;
        while ((content = waitingForBackend.poll()) != null) {
            ReferenceCountUtil.release(content);
        }
        if (backend != null) {
            pools.release(backend, backendConfig, false);
        }
        ReferenceCountUtil.release(request);
        resumeClient();
        return true;
    }

    /**
     * Starts (or restarts) counting the backend's silence. One timer task per exchange, re-armed
     * only when it fires early (as Netty's IdleStateHandler does): scheduling a task per piece of
     * the answer would cost more than relaying it.
     */
    private void armReadDeadline() {
        waitingSinceNanos = System.nanoTime();
        if (readDeadline == null) {
            readDeadline = client.executor().schedule(this::checkReadDeadline, readTimeoutNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void checkReadDeadline() {
        readDeadline = null;
        if (finished || waitingSinceNanos == 0) {
            return;
        }
        long silent = System.nanoTime() - waitingSinceNanos;
        if (silent >= readTimeoutNanos()) {
            readTimedOut();
        } else {
            readDeadline = client.executor().schedule(this::checkReadDeadline, readTimeoutNanos() - silent,
                    TimeUnit.NANOSECONDS);
        }
    }

    private long readTimeoutNanos() {
        return backendConfig.config().readTimeout().toNanos();
    }

    private void cancelReadDeadline() {
        waitingSinceNanos = 0;
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
            String within = " did not answer within " + backendConfig.config().readTimeout().toMillis() + " ms";
            fail(HttpResponseStatus.GATEWAY_TIMEOUT, Detail.of("the backend" + within,
                    "the backend " + url() + within));
        } else {
            abort();
        }
    }
}
