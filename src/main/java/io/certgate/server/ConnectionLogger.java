package io.certgate.server;

import io.certgate.http.Connection;
import io.certgate.http.Site;
import io.certgate.log.ConnectionLog;
import io.certgate.log.ConnectionRecord;
import io.certgate.log.ConnectionRecord.Handshake;
import io.certgate.proxyprotocol.ConnectionAddresses;
import io.certgate.tls.HandshakeFailure;
import io.certgate.tls.SessionReuse;
import io.certgate.validation.Verdict;
import io.certgate.x509.CertificateFacts;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Clock;
import java.time.Instant;
import javax.net.ssl.SSLSession;

/**
 * Writes the connection's one line to the connection log: when its handshake failed (or the client
 * left before finishing one), at once; when it succeeded, once the presented certificate has been
 * judged, so the line carries the verdict. Then steps out of the pipeline. Sits after
 * {@code ClientCertificateVerdictHandler}, which has set the verdict by the time the handshake
 * event gets here; the line is written by the log's own thread, never on the event loop.
 */
final class ConnectionLogger extends ChannelInboundHandlerAdapter {

    private final ConnectionLog log;
    private final Clock clock;
    private final long acceptedAtNanos = System.nanoTime();
    private final long acceptedAtMillis = System.currentTimeMillis();
    private boolean recorded;

    ConnectionLogger(ConnectionLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent completion) {
            if (completion.isSuccess()) {
                succeeded(ctx);
            } else {
                failed(ctx, completion.cause());
            }
        } else if (event instanceof SniCompletionEvent sni && !sni.isSuccess()) {
            failed(ctx, sni.cause()); // no ClientHello in time, or not TLS at all
        }
        ctx.fireUserEventTriggered(event);
        if (recorded && ctx.pipeline().context(this) != null) {
            ctx.pipeline().remove(this);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!recorded) {
            // Gone before its handshake ended (a port scan, a client that gave up): still one line.
            failed(ctx, new ClosedChannelException());
        }
        ctx.fireChannelInactive();
    }

    private void succeeded(ChannelHandlerContext ctx) {
        recorded = true;
        double millis = millisSinceAccepted();
        Instant at = clock.instant();
        Channel channel = ctx.channel();
        Connection connection = Connection.of(channel);
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        SSLSession session = tls == null ? null : tls.engine().getSession();
        Handshake kind = tls != null && SessionReuse.resumed(tls.engine(), acceptedAtMillis) ? Handshake.RESUMED : Handshake.FULL;
        String protocol = session == null ? "" : session.getProtocol();
        String cipher = session == null ? "" : session.getCipherSuite();
        String site = connection.site().name();
        connection.verdict().whenComplete((verdict, error) -> log.record(record(channel, at, connection.serverName(), site,
                protocol, cipher, kind, millis, verdict, "", "")));
    }

    private void failed(ChannelHandlerContext ctx, Throwable cause) {
        if (recorded) {
            return;
        }
        recorded = true;
        Channel channel = ctx.channel();
        Connection connection = Connection.of(channel);
        // The SNI handler becomes the site's TLS handler once it has chosen: before that, no site.
        Site site = ctx.pipeline().get(SslHandler.class) == null ? null : connection.site();
        String detail = cause == null ? "" : String.valueOf(cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getMessage());
        log.record(record(channel, clock.instant(), connection.serverName(), site == null ? "" : site.name(),
                "", "", Handshake.FAILED, millisSinceAccepted(), null,
                HandshakeFailure.of(cause).label(), detail));
    }

    private double millisSinceAccepted() {
        return (System.nanoTime() - acceptedAtNanos) / 1_000_000.0;
    }

    private static ConnectionRecord record(Channel channel, Instant at, String serverName, String site, String protocol,
                                           String cipher, Handshake kind, double millis, Verdict verdict,
                                           String failure, String detail) {
        CertificateFacts certificate = verdict == null ? null : verdict.client().orElse(null);
        ConnectionAddresses client = ConnectionAddresses.of(channel); // the PROXY header's, on such a listener
        SocketAddress local = channel.localAddress();
        return new ConnectionRecord(at, client.clientIp(), client.clientPort(), host(local), port(local), serverName, site,
                protocol, cipher, kind, millis,
                certificate == null ? "" : certificate.subject().rfc4514(),
                certificate == null ? "" : certificate.issuer().rfc4514(),
                certificate == null ? "" : certificate.serialHex(),
                certificate == null ? "" : certificate.fingerprint().hex(),
                verdict == null ? "" : verdict.reason().label(),
                failure, detail);
    }

    private static String host(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null ? inet.getAddress().getHostAddress() : "";
    }

    private static int port(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getPort() : 0;
    }
}
