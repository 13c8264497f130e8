package io.certgate.http;

import io.certgate.access.AccessPolicy;
import io.certgate.access.Decision;
import io.certgate.config.ClientCertMode;
import io.certgate.http.request.Authority;
import io.certgate.http.request.BadRequest;
import io.certgate.http.request.RequestHygiene;
import io.certgate.identity.Identity;
import io.certgate.validation.Verdict;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
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
 * <p>Answers, in order of the checks: 400 ({@code Certgate-Status: 400 bad-request}) for a
 * request {@link RequestHygiene} refuses or whose target cannot be made canonical, 421 when Host
 * names a different site than the one the TLS handshake chose (its client-certificate policy
 * would otherwise be bypassed), 404 when no location matches, 400 for a path a Windows backend
 * could read as another file on a proxy location, then the decision. A 400 closes the
 * connection: a client that framed one request wrongly may have framed the next one too.
 *
 * <p>A request body whose chunked framing breaks off is passed on to a proxy (which abandons
 * its backend exchange) and, wherever it arrives, the connection is closed.
 */
public final class RequestGate extends ChannelInboundHandlerAdapter {

    private final RequestHygiene hygiene;
    private final DiscardedBody refusedBody = new DiscardedBody();
    /** True while the body of an admitted request to a proxy location is arriving. */
    private boolean proxiedBody;
    /**
     * True once an answer that closes the connection was sent: requests the codec decoded after it
     * (pipelined in the same read) are dropped, never judged, never forwarded.
     */
    private boolean closing;

    public RequestGate(RequestHygiene hygiene) {
        this.hygiene = hygiene;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing || !ctx.channel().isActive()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            // Whatever the location, no client may claim an identity: its copies go before anything reads them.
            Optional<BadRequest> bad = hygiene.clean(request, isHttp2(ctx));
            if (bad.isPresent()) {
                refuse(ctx, request, bad.get());
                return;
            }
            Optional<FullHttpResponse> refusal = admit(ctx, request);
            if (refusal.isPresent()) {
                closing = respond(ctx, request, refusal.get());
                refusedBody.after(request);
                ReferenceCountUtil.release(msg);
                return;
            }
            if (HttpUtil.is100ContinueExpected(request)) {
                // Admitted: now the client may send its body (a refused one never had to).
                request.headers().remove(HttpHeaderNames.EXPECT);
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
            }
            proxiedBody = !(request instanceof LastHttpContent)
                    && Exchange.current(ctx.channel()).location().map(l -> l.proxy() != null).orElse(false);
            ctx.fireChannelRead(msg);
            return;
        }
        if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
            brokenBody(ctx, content);
            return;
        }
        if (msg instanceof LastHttpContent) {
            proxiedBody = false;
        }
        if (!refusedBody.drop(msg)) {
            ctx.fireChannelRead(msg);
        }
    }

    private static boolean isHttp2(ChannelHandlerContext ctx) {
        return "HTTP/2".equals(Connection.of(ctx.channel()).protocol());
    }

    private void refuse(ChannelHandlerContext ctx, HttpRequest request, BadRequest bad) {
        hygiene.refused(bad, Connection.clientAddress(ctx.channel()));
        FullHttpResponse response = ErrorResponses.badRequest(ctx, bad.detail(),
                request.headers().get(HttpHeaderNames.ACCEPT));
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        closing = true;
        ReferenceCountUtil.release(request);
    }

    /**
     * The body's chunked framing broke off (RFC 9112 §7.1: a bad chunk-size line): nothing after it
     * can be trusted. A proxy in the middle of forwarding the request sees it and abandons the
     * backend exchange; in every case the connection closes once what was written has left.
     */
    private void brokenBody(ChannelHandlerContext ctx, HttpContent content) {
        hygiene.refused(new BadRequest(BadRequest.Reason.BODY, "the chunked request body is malformed"),
                Connection.clientAddress(ctx.channel()));
        if (proxiedBody) {
            proxiedBody = false;
            ctx.fireChannelRead(content);
        } else {
            ReferenceCountUtil.release(content);
        }
        closing = true;
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /** Empty when the request may go on to its location's handler; otherwise the answer to send. */
    private Optional<FullHttpResponse> admit(ChannelHandlerContext ctx, HttpRequest request) {
        String accept = request.headers().get(HttpHeaderNames.ACCEPT);
        Connection connection = Connection.of(ctx.channel());
        Site site = connection.site();
        Exchange exchange = Exchange.current(ctx.channel());
        Optional<String> hostName = hostName(request);
        Optional<Site> named = hostName.flatMap(host -> connection.sites().find(host));
        if (named.isPresent() && named.get() != site) {
            return Optional.of(ErrorResponses.plain(ctx, HttpResponseStatus.MISDIRECTED_REQUEST,
                    "this connection was made for " + describe(connection) + "; open a new connection for "
                            + named.get().name(), accept));
        }
        if (named.isEmpty() && hostName.isPresent() && namesAnotherHost(connection, hostName.get())) {
            return Optional.of(ErrorResponses.plain(ctx, HttpResponseStatus.MISDIRECTED_REQUEST,
                    "this connection was made for " + describe(connection) + ", which does not serve "
                            + hostName.get(), accept));
        }
        RequestPath.Parsed parsed = RequestPath.read(request.uri());
        if (parsed.path().isEmpty()) {
            return Optional.of(badPath(ctx, parsed.problem(), accept));
        }
        RequestPath path = parsed.path().get();
        Optional<Location> location = site.locate(path.routing());
        if (location.isEmpty()) {
            return Optional.of(ErrorResponses.plain(ctx, HttpResponseStatus.NOT_FOUND, "", accept));
        }
        if (!path.routing().equals(path.normalized()) && !site.locate(path.normalized()).equals(location)) {
            // Servlet containers drop ;parameters, Go, Node, WSGI and IIS keep them: both readings
            // must fall in the same location, or one kind of backend serves what another rule judged.
            return Optional.of(badPath(ctx, "the path's ;parameters put it under another location for backends"
                    + " that keep them than for those that drop them", accept));
        }
        exchange.route(site, path, location.get());
        if (location.get().proxy() != null) {
            Optional<String> alias = path.windowsAlias();
            if (alias.isPresent()) {
                return Optional.of(badPath(ctx, alias.get(), accept));
            }
        }

        Verdict verdict = connection.verdictAt(location.get());
        if (verdict == null) {
            // ClientCertificateVerdictHandler and LocationVerdictHandler hold every byte until the
            // verdicts are in; this is a wiring bug.
            return Optional.of(ErrorResponses.plain(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "the client certificate has not been judged yet", accept));
        }
        // Who the certificate is follows from the site's verdict: a location's stricter one decides
        // admission here, never the account (mapped once per connection).
        Identity identity = connection.identity(connection.verdict().getNow(null));
        Decision decision = AccessPolicy.decide(location.get().mode(), verdict, identity, location.get().access());
        // A certificate on an ignore location is discarded: it does not reach the log either.
        exchange.decided(location.get().mode() == ClientCertMode.IGNORE ? null : verdict, decision);
        return decision.refusal().map(refusal ->
                ErrorResponses.refusal(ctx, refusal, Detail.of(decision.publicDetail(), decision.detail()), accept));
    }

    private FullHttpResponse badPath(ChannelHandlerContext ctx, String problem, String accept) {
        hygiene.refused(new BadRequest(BadRequest.Reason.PATH, problem), Connection.clientAddress(ctx.channel()));
        FullHttpResponse response = ErrorResponses.badRequest(ctx, problem, accept);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }

    /**
     * True when Host names no configured site and the chosen site does not take unknown names
     * ("*"): its backend would be sent a name certgate never judged (password-reset links and
     * caches are built from it). An IP address is not a site's name: it reaches the site the
     * handshake chose, as before.
     */
    private static boolean namesAnotherHost(Connection connection, String host) {
        return !connection.site().hosts().contains("*") && !Authority.isIpAddress(host);
    }

    private static String describe(Connection connection) {
        return connection.serverName().isEmpty() ? "the default site" : connection.serverName();
    }

    /** The Host (or HTTP/2 :authority, which the stream codec maps to Host) without its port; canonical by now. */
    private static Optional<String> hostName(HttpRequest request) {
        return Optional.ofNullable(request.headers().get(HttpHeaderNames.HOST)).map(Authority::hostOf);
    }

    /**
     * Sends an answer the request's handler never saw. A request whose body is still coming is
     * answered with {@code Connection: close}, so that an unwanted upload is not read to its end.
     *
     * @return true when the connection closes after this answer
     */
    static boolean respond(ChannelHandlerContext ctx, HttpRequest request, FullHttpResponse response) {
        // The length is not parsed: on the plain listener no RequestHygiene has checked it ("0x5").
        String length = request.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        boolean bodyPending = !(request instanceof LastHttpContent)
                && (HttpUtil.isTransferEncodingChunked(request) || length != null && !length.equals("0"));
        boolean close = bodyPending || request.decoderResult().isFailure()
                || HttpHeaderValues.CLOSE.contentEqualsIgnoreCase(response.headers().get(HttpHeaderNames.CONNECTION, ""));
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        var future = ctx.writeAndFlush(response);
        if (close) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
        return close;
    }
}
