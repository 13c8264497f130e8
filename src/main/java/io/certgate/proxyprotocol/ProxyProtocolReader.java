package io.certgate.proxyprotocol;

import io.certgate.config.ProxyProtocolConfig;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First in the pipeline of a {@code proxyProtocol} listener: closes a connection from an
 * untrusted address at once, then holds the connection's bytes until a whole PROXY header has
 * come, records its addresses ({@link ConnectionAddresses}) and leaves, passing on what followed
 * the header (the TLS ClientHello, usually in the same segment). A connection whose header is
 * refused, or does not come within the timeout, is closed without a byte written: the protocol
 * has no way to answer (proxy-protocol.txt §2: "the receiver must not try to guess").
 *
 * <p>Memory is bounded: at most one read past the header limit is held.
 */
public final class ProxyProtocolReader extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyProtocolReader.class);

    private final ProxyProtocolConfig config;
    private final long timeoutMillis;
    private final Consumer<Refusal> refused;
    private ByteBuf held;
    private ScheduledFuture<?> deadline;
    private boolean ended;

    /**
     * @param timeoutMillis how long the whole header may take from the connection's start (the handshake timeout)
     * @param refused told each refusal, for metrics
     */
    public ProxyProtocolReader(ProxyProtocolConfig config, long timeoutMillis, Consumer<Refusal> refused) {
        this.config = config;
        this.timeoutMillis = timeoutMillis;
        this.refused = refused;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            begin(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        begin(ctx);
        ctx.fireChannelActive();
    }

    private void begin(ChannelHandlerContext ctx) {
        if (deadline != null || ended) {
            return;
        }
        SocketAddress peer = ctx.channel().remoteAddress();
        if (!(peer instanceof InetSocketAddress inet) || inet.getAddress() == null || !config.trusts(inet.getAddress())) {
            refuse(ctx, Refusal.UNTRUSTED_SOURCE, peer + " is not in trustedFrom " + config.trustedFrom());
            return;
        }
        deadline = ctx.executor().schedule(() -> refuse(ctx, Refusal.TIMEOUT,
                "no complete PROXY header within " + timeoutMillis + " ms"), timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (ended || !(msg instanceof ByteBuf bytes)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (held == null) {
            held = bytes;
        } else {
            held = ctx.alloc().compositeBuffer().addComponents(true, held, bytes);
        }
        ProxyHeaderParser.Result result = ProxyHeaderParser.parse(held, config.versions());
        if (result instanceof ProxyHeaderParser.Refused refusal) {
            refuse(ctx, refusal.reason(), refusal.detail());
        } else if (result instanceof ProxyHeaderParser.Parsed parsed) {
            accept(ctx, parsed.header());
        }
    }

    private void accept(ChannelHandlerContext ctx, ProxyHeader header) {
        ended = true;
        cancelDeadline();
        ConnectionAddresses.record(ctx.channel(), header);
        LOG.debug("PROXY v{} header from {}: client {}", header.version().number(), ctx.channel().remoteAddress(),
                ConnectionAddresses.of(ctx.channel()));
        ByteBuf rest = held.skipBytes(header.length());
        held = null;
        ctx.pipeline().remove(this);
        if (rest.isReadable()) {
            ctx.fireChannelRead(rest);
        } else {
            rest.release();
        }
    }

    private void refuse(ChannelHandlerContext ctx, Refusal reason, String detail) {
        if (ended) {
            return;
        }
        ended = true;
        cancelDeadline();
        release();
        refused.accept(reason);
        LOG.debug("closing {}: PROXY protocol {}: {}", ctx.channel().remoteAddress(), reason.label(), detail);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ended = true;
        cancelDeadline();
        release();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelDeadline();
        release();
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    private void release() {
        if (held != null) {
            held.release();
            held = null;
        }
    }
}
