package io.certgate.http;

import io.certgate.access.Decision;
import io.certgate.access.Refusal;
import io.certgate.identity.Identity;
import io.certgate.validation.Verdict;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

/**
 * Answers every request on a plain-HTTP listener: 403.4 ssl-required, as IIS does when "Require
 * SSL" is set, or a 301 to the same path over https when the listener says
 * {@code redirectToHttps: true}.
 */
public final class PlainHttpHandler extends ChannelInboundHandlerAdapter {

    /** Host names and IP literals only: a Host header is copied into the redirect, so nothing else may pass. */
    private static final Pattern SAFE_HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\]");

    private final boolean redirect;
    private final IntSupplier httpsPort;

    /**
     * @param httpsPort the port of the HTTPS listener to redirect to (asked per request, since it
     *                  may have been bound to port 0)
     */
    public PlainHttpHandler(boolean redirect, IntSupplier httpsPort) {
        this.redirect = redirect;
        this.httpsPort = httpsPort;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            try {
                answer(ctx, request);
            } finally {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        if (msg instanceof HttpContent) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private void answer(ChannelHandlerContext ctx, HttpRequest request) {
        Exchange exchange = Exchange.current(ctx.channel());
        Connection connection = Connection.of(ctx.channel());
        Optional<RequestPath> path = RequestPath.parse(request.uri());
        Optional<String> host = Optional.ofNullable(request.headers().get(HttpHeaderNames.HOST))
                .map(h -> h.startsWith("[") ? h.substring(0, h.indexOf(']') + 1) : h.split(":", 2)[0])
                .filter(h -> SAFE_HOST.matcher(h).matches());
        Site site = connection.sites().lookup(host.map(h -> h.replace("[", "").replace("]", "")).orElse(null));
        if (redirect && path.isPresent() && host.isPresent()) {
            int port = httpsPort.getAsInt();
            String location = "https://" + host.get() + (port == 443 ? "" : ":" + port)
                    + Uris.encodePath(path.get().normalized()) + (path.get().query().isEmpty() ? "" : "?" + path.get().query());
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.MOVED_PERMANENTLY);
            response.headers().set(HttpHeaderNames.LOCATION, location).setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
            RequestGate.respond(ctx, request, response);
            return;
        }
        Decision decision = Decision.refuse(Refusal.SSL_REQUIRED,
                "this site is served over https only; use https://", Identity.ANONYMOUS);
        path.ifPresent(p -> exchange.route(site, p, null));
        exchange.decided(Verdict.missing(), decision);
        RequestGate.respond(ctx, request, ErrorResponses.refusal(ctx, Refusal.SSL_REQUIRED, Detail.of(decision.detail()),
                request.headers().get(HttpHeaderNames.ACCEPT)));
    }
}
