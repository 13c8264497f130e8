package io.certgate.http;

import io.certgate.tls.PeerCertificates;
import io.certgate.validation.Verdict;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * After each handshake (full or resumed), asks the site's judge for the verdict on the chain
 * the client presented, and holds the connection's decrypted bytes until the verdict is in and
 * its certificate mapped (a directory mapping asks its directory off the event loop).
 * Everything above therefore reads a finished verdict without waiting. A cached verdict is
 * there at once, and this handler steps out of the pipeline without holding anything.
 *
 * <p>Sits between the TLS handler and the HTTP codecs.
 */
public final class ClientCertificateVerdictHandler extends InputHoldingHandler {

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent completion && completion.isSuccess()) {
            Connection connection = Connection.of(ctx.channel());
            CompletableFuture<Verdict> verdict = judge(ctx, connection);
            connection.verdict(verdict);
            if (!connection.decided().isDone()) {
                input.holdUntil(ctx, connection.decided(), () -> ctx.pipeline().remove(this));
            }
            ctx.fireUserEventTriggered(event);
            if (!input.holding()) {
                ctx.pipeline().remove(this);
            }
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    private static CompletableFuture<Verdict> judge(ChannelHandlerContext ctx, Connection connection) {
        Site site = connection.site();
        if (!site.asksForCertificates()) {
            return CompletableFuture.completedFuture(Verdict.missing());
        }
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        List<X509Certificate> chain = PeerCertificates.of(tls.engine().getSession());
        connection.presented(chain); // kept so that a long-lived connection can be judged again (VerdictRefreshHandler)
        return site.judge().judge(chain);
    }

    @Override
    void read(ChannelHandlerContext ctx, Object msg) {
        ctx.fireChannelRead(msg);
    }
}
