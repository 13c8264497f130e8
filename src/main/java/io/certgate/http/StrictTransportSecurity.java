package io.certgate.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import java.util.Optional;

/**
 * Sets {@code Strict-Transport-Security} (RFC 6797) on every answer of a site with {@code hsts:}:
 * error pages, static files and backend answers alike (a backend's own copy is replaced, so the
 * site's policy is the one browsers learn; without {@code hsts:} a backend's header passes). Only in the HTTPS pipeline: RFC 6797 §7.2 forbids the
 * header over plain HTTP, where a network attacker could forge or strip it anyway. The site is
 * the one the TLS handshake chose (SNI), the site the browser's HSTS entry will be for (§8.1).
 */
@ChannelHandler.Sharable
public final class StrictTransportSecurity extends ChannelOutboundHandlerAdapter {

    /** One is enough for every connection: the site is read from the channel. */
    public static final StrictTransportSecurity INSTANCE = new StrictTransportSecurity();

    private static final String HEADER = "Strict-Transport-Security";

    private StrictTransportSecurity() {
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response && response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            Optional<String> value = Connection.find(ctx.channel()).flatMap(c -> c.site().strictTransportSecurity());
            value.ifPresent(v -> response.headers().set(HEADER, v));
        }
        ctx.write(msg, promise);
    }
}
