package io.certgate.http.proxy;

import io.certgate.config.ProxyConfig;
import io.certgate.http.Connection;
import io.certgate.http.Detail;
import io.certgate.http.ErrorResponses;
import io.certgate.http.Exchange;
import io.certgate.http.IdentityHeaders;
import io.certgate.http.Location;
import io.certgate.http.RequestIds;
import io.certgate.http.RequestPath;
import io.certgate.identity.Identity;
import io.certgate.upstream.Upstreams;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.Optional;

/**
 * Forwards requests of proxy locations to their backend (after {@link io.certgate.http.RequestGate}
 * admitted them), one at a time per connection or HTTP/2 stream: the canonical path certgate
 * routed (RequestPath) with the query as sent, the one canonical Host (unless the location says
 * otherwise), hop-by-hop headers dropped (RFC 9110 §7.6.1), the identity headers of SPEC §5
 * set, and {@code X-Request-Id} the request's ID (the one in {@code Certgate-Request-Id}). The message is framed from what certgate decoded, never from a header the client sent:
 * the length it read, or chunked; request trailers are dropped.
 */
public final class ReverseProxyHandler extends ChannelInboundHandlerAdapter {

    private final BackendPools pools;
    private final IdentityHeaders identityHeaders;
    private final Upstreams upstreams;
    private ProxyExchange current;
    /** True once an exchange ended by closing the client connection: nothing after it is forwarded. */
    private boolean closing;

    /** For http backends only (tests that build the pipeline by hand). */
    public ReverseProxyHandler(BackendPools pools, IdentityHeaders identityHeaders) {
        this(pools, identityHeaders, Upstreams.NONE);
    }

    /** @param upstreams the backends of the configuration this connection started under, with their TLS clients */
    public ReverseProxyHandler(BackendPools pools, IdentityHeaders identityHeaders, Upstreams upstreams) {
        this.pools = pools;
        this.identityHeaders = identityHeaders;
        this.upstreams = upstreams;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing && msg instanceof HttpObject) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            Exchange exchange = Exchange.current(ctx.channel());
            Optional<ProxyConfig> backend = exchange.location().map(Location::proxy);
            if (backend.isEmpty()) {
                ctx.fireChannelRead(msg);
                return;
            }
            String accept = request.headers().get(HttpHeaderNames.ACCEPT);
            boolean bodyExpected = prepare(ctx, request, exchange, backend.get());
            current = new ProxyExchange(ctx, request, bodyExpected, pools.upstream(backend.get(), upstreams), pools,
                    new Outcome(ctx, accept));
            current.start();
            return;
        }
        if (msg instanceof HttpContent content && current != null) {
            current.fromClient(content);
            return;
        }
        if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
            ReferenceCountUtil.release(content); // RequestGate closes the connection
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** Turns the client's request into the backend's, in place; true when a request body is to follow. */
    private boolean prepare(ChannelHandlerContext ctx, HttpRequest request, Exchange exchange, ProxyConfig backend) {
        HttpHeaders headers = request.headers();
        // RequestHygiene left at most one plain Content-Length, or chunked alone: the framing the
        // codec decoded. It is read before anything is removed, and set again after.
        boolean chunked = HttpUtil.isTransferEncodingChunked(request);
        long length = chunked ? -1 : HttpUtil.getContentLength(request, -1L);
        boolean http2 = "HTTP/2".equals(Connection.of(ctx.channel()).protocol());
        Optional<String> clientHost = Optional.ofNullable(headers.get(HttpHeaderNames.HOST));
        HopByHopHeaders.remove(headers);
        headers.remove(HttpHeaderNames.EXPECT); // answered by the gateway itself
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        if (request instanceof FullHttpRequest full) {
            // An HTTP/2 request that ended with its headers, or a body aggregated by the codec.
            if (full.content().isReadable() || length > 0) {
                headers.set(HttpHeaderNames.CONTENT_LENGTH, full.content().readableBytes());
            }
        } else if (length >= 0 && !(http2 && request instanceof LastHttpContent)) {
            if (length > 0 || !http2) {
                headers.set(HttpHeaderNames.CONTENT_LENGTH, length);
            }
        } else if (chunked || http2 && !(request instanceof LastHttpContent)) {
            // HTTP/2 DATA without content-length: relayed as chunks (RFC 9113 §8.1 leaves the length open).
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        Optional<String> host = clientHost.isPresent() ? clientHost : Optional.of(Connection.of(ctx.channel()).serverName())
                .filter(name -> !name.isEmpty());
        if (!backend.preserveHost() || host.isEmpty()) {
            headers.set(HttpHeaderNames.HOST, backend.port() == backend.defaultPort() ? backend.host()
                    : backend.host() + ":" + backend.port());
        } else {
            headers.set(HttpHeaderNames.HOST, host.get()); // exactly one, canonical
        }
        Identity identity = exchange.decision().map(d -> d.identity()).orElse(Identity.ANONYMOUS);
        identityHeaders.set(headers, Connection.clientAddress(ctx.channel()), clientHost,
                Connection.of(ctx.channel()).forwarded(identityHeaders, identity, exchange.verdict()),
                exchange.location().orElseThrow().identityFormats());
        // The client's copies went with the protected headers (RequestHygiene): this one is ours.
        headers.set(RequestIds.BACKEND_HEADER, exchange.requestId());
        RequestPath path = exchange.path().orElseThrow();
        request.setUri(path.target()); // the canonical path certgate routed and judged, the query as sent
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        return !(request instanceof LastHttpContent) && (chunked || length > 0 || http2);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (current != null) {
            current.clientReadComplete();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (current != null) {
            current.clientWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (current != null) {
            current.abort();
        }
        ctx.fireChannelInactive();
    }

    /** Ends an exchange on the client's side. */
    private final class Outcome implements ProxyExchange.Listener {
        private final ChannelHandlerContext ctx;
        private final String accept;

        Outcome(ChannelHandlerContext ctx, String accept) {
            this.ctx = ctx;
            this.accept = accept;
        }

        @Override
        public void finished(boolean clientReusable) {
            current = null;
            if (!clientReusable) {
                closing = true;
                ctx.channel().close();
            }
        }

        @Override
        public void failed(HttpResponseStatus status, Detail detail, boolean requestComplete) {
            current = null;
            closing |= !requestComplete;
            FullHttpResponse response = status.equals(HttpResponseStatus.BAD_REQUEST)
                    ? ErrorResponses.badRequest(ctx, detail.internal(), accept)
                    : ErrorResponses.plain(ctx, status, detail, accept);
            if (!requestComplete) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ctx.writeAndFlush(response);
        }
    }
}
