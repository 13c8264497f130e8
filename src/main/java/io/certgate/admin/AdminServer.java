package io.certgate.admin;

import io.certgate.log.GatewayMetrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The admin listener, bound on its own event loop so that a scrape never waits behind site traffic. */
public final class AdminServer implements AutoCloseable {

    /** Admin requests are small GETs; anything bigger is refused by the codec (413). */
    static final int MAX_REQUEST_BYTES = 8192;
    /** A scraper that keeps its connection open but goes quiet is dropped after this. */
    static final int IDLE_TIMEOUT_SECONDS = 120;
    /** Pending admin connections the kernel queues: scrapers and probes, a handful at a time. */
    static final int ACCEPT_BACKLOG = 64;

    private final Channel channel;

    private AdminServer(Channel channel) {
        this.channel = channel;
    }

    /**
     * Binds {@code address} and answers there until closed.
     *
     * @throws IOException when the address cannot be bound (the message names it)
     */
    public static AdminServer bind(EventLoopGroup group, Class<? extends ServerChannel> channelType,
                                   InetSocketAddress address, GatewayMetrics metrics, Readiness readiness)
            throws IOException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new IdleStateHandler(0, 0, IDLE_TIMEOUT_SECONDS, TimeUnit.SECONDS))
                                .addLast(new HttpServerCodec(MAX_REQUEST_BYTES, MAX_REQUEST_BYTES, MAX_REQUEST_BYTES))
                                .addLast(new HttpServerKeepAliveHandler())
                                .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                .addLast(new AdminHandler(metrics, readiness))
                                .addLast(new CloseWhenIdle());
                    }
                });
        try {
            return new AdminServer(bootstrap.bind(address).syncUninterruptibly().channel());
        } catch (Exception e) { // Netty rethrows the bind's IOException unchecked, hence Exception
            throw new IOException("cannot listen on http://" + address.getHostString() + ":" + address.getPort()
                    + " (admin): " + e.getMessage(), e);
        }
    }

    /** The bound address (with the real port when the configuration said 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
    }

    /** Closes a connection that stayed idle past {@link #IDLE_TIMEOUT_SECONDS}. */
    private static final class CloseWhenIdle extends io.netty.channel.ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(io.netty.channel.ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent) {
                ctx.close();
                return;
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
