package io.certgate.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.AbstractSniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.util.function.Function;

/**
 * Reads the ClientHello's server name, picks the site, tells the caller which, and replaces
 * itself with that site's {@link SslHandler}. Generic in the site type so that TLS code knows
 * nothing of what a site holds.
 *
 * @param <T> the site type
 */
public final class SiteSniHandler<T> extends AbstractSniHandler<T> {

    /** Called on the channel's event loop once the site is known, before the handshake continues. */
    @FunctionalInterface
    public interface SiteListener<T> {
        void selected(Channel channel, String serverName, T site);
    }

    /** The name under which the {@link SslHandler} is placed in the pipeline. */
    public static final String TLS_HANDLER_NAME = "tls";

    private final HostTable<T> sites;
    private final Function<T, SslContext> contexts;
    private final SiteListener<T> listener;
    private final long handshakeTimeoutMillis;

    /**
     * @param handshakeTimeoutMillis how long a client may take to send its ClientHello and then to
     *                               finish the handshake, each
     */
    public SiteSniHandler(HostTable<T> sites, Function<T, SslContext> contexts, SiteListener<T> listener,
                          long handshakeTimeoutMillis) {
        super(handshakeTimeoutMillis);
        this.sites = sites;
        this.contexts = contexts;
        this.listener = listener;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    @Override
    protected Future<T> lookup(ChannelHandlerContext ctx, String hostname) {
        return ctx.executor().newSucceededFuture(sites.lookup(hostname));
    }

    @Override
    protected void onLookupComplete(ChannelHandlerContext ctx, String hostname, Future<T> future) {
        T site = future.getNow();
        listener.selected(ctx.channel(), hostname, site);
        SslHandler handler = contexts.apply(site).newHandler(ctx.alloc());
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        try {
            ctx.pipeline().replace(this, TLS_HANDLER_NAME, handler);
            handler = null;
        } finally {
            if (handler != null) {
                // Not in the pipeline (the client went away): the engine is ours to release.
                ReferenceCountUtil.safeRelease(handler.engine());
            }
        }
    }
}
