package io.certgate.http;

import io.certgate.access.AccessPolicy;
import io.certgate.access.Decision;
import io.certgate.config.ClientCertMode;
import io.certgate.identity.Identity;
import io.certgate.validation.Verdict;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.Optional;

/**
 * Routes each request to its site's location, asks {@link AccessPolicy} whether it may pass,
 * and either forwards it (with its body) to the handler that serves the location, or answers
 * the refusal itself and discards the body.
 *
 * <p>Answers, in order of the checks: 400 for a malformed request or target, 421 when Host names
 * a different site than the one the TLS handshake chose (its client-certificate policy would
 * otherwise be bypassed), 404 when no location matches, then the decision.
 */
public final class RequestGate extends ChannelInboundHandlerAdapter {

    private final IdentityHeaders identityHeaders;
    private final DiscardedBody refusedBody = new DiscardedBody();

    public RequestGate(IdentityHeaders identityHeaders) {
        this.identityHeaders = identityHeaders;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            // Whatever the location, no client may claim an identity: its copies go before anything reads them.
            identityHeaders.stripClientCopies(request.headers());
            Optional<FullHttpResponse> refusal = admit(ctx, request);
            if (refusal.isPresent()) {
                respond(ctx, request, refusal.get());
                refusedBody.after(request);
                ReferenceCountUtil.release(msg);
                return;
            }
            if (HttpUtil.is100ContinueExpected(request)) {
                // Admitted: now the client may send its body (a refused one never had to).
                request.headers().remove(HttpHeaderNames.EXPECT);
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
            }
            ctx.fireChannelRead(msg);
            return;
        }
        if (!refusedBody.drop(msg)) {
            ctx.fireChannelRead(msg);
        }
    }

    /** Empty when the request may go on to its location's handler; otherwise the answer to send. */
    private Optional<FullHttpResponse> admit(ChannelHandlerContext ctx, HttpRequest request) {
        String accept = request.headers().get(HttpHeaderNames.ACCEPT);
        if (request.decoderResult().isFailure()) {
            return Optional.of(ErrorResponses.plain(ctx.alloc(), HttpResponseStatus.BAD_REQUEST,
                    "the request could not be parsed", accept));
        }
        Connection connection = Connection.of(ctx.channel());
        Site site = connection.site();
        Exchange exchange = Exchange.current(ctx.channel());
        Optional<Site> named = hostName(request).flatMap(host -> connection.sites().find(host));
        if (named.isPresent() && named.get() != site) {
            return Optional.of(ErrorResponses.plain(ctx.alloc(), HttpResponseStatus.MISDIRECTED_REQUEST,
                    "this connection was made for " + describe(connection) + "; open a new connection for "
                            + named.get().name(), accept));
        }
        Optional<RequestPath> path = RequestPath.parse(request.uri());
        if (path.isEmpty()) {
            return Optional.of(ErrorResponses.plain(ctx.alloc(), HttpResponseStatus.BAD_REQUEST,
                    "the request target is malformed or leaves the site's root", accept));
        }
        Optional<Location> location = site.locate(path.get().normalized());
        if (location.isEmpty()) {
            return Optional.of(ErrorResponses.plain(ctx.alloc(), HttpResponseStatus.NOT_FOUND, "", accept));
        }
        exchange.route(site, path.get(), location.get());

        Verdict verdict = connection.verdict().getNow(null);
        if (verdict == null) {
            // ClientCertificateVerdictHandler holds every byte until the verdict is in; this is a wiring bug.
            return Optional.of(ErrorResponses.plain(ctx.alloc(), HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "the client certificate has not been judged yet", accept));
        }
        Identity identity = connection.identity(verdict);
        Decision decision = AccessPolicy.decide(location.get().mode(), verdict, identity, location.get().access());
        // A certificate on an ignore location is discarded: it does not reach the log either.
        exchange.decided(location.get().mode() == ClientCertMode.IGNORE ? null : verdict, decision);
        return decision.refusal().map(refusal ->
                ErrorResponses.refusal(ctx.alloc(), refusal, decision.detail(), accept, site.errorDetail()));
    }

    private static String describe(Connection connection) {
        return connection.serverName().isEmpty() ? "the default site" : connection.serverName();
    }

    /** The Host (or HTTP/2 :authority, which the stream codec maps to Host) without its port. */
    private static Optional<String> hostName(HttpRequest request) {
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host == null || host.isEmpty()) {
            return Optional.empty();
        }
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return Optional.of(close > 0 ? host.substring(1, close) : host);
        }
        int colon = host.indexOf(':');
        return Optional.of(colon < 0 ? host : host.substring(0, colon));
    }

    /**
     * Sends an answer the request's handler never saw. A request whose body is still coming is
     * answered with {@code Connection: close}, so that an unwanted upload is not read to its end.
     */
    static void respond(ChannelHandlerContext ctx, HttpRequest request, FullHttpResponse response) {
        boolean bodyPending = !(request instanceof LastHttpContent)
                && (HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0);
        boolean close = bodyPending || request.decoderResult().isFailure();
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        var future = ctx.writeAndFlush(response);
        if (close) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
