package io.certgate.http;

import io.certgate.validation.ClientCertificateJudge;
import io.certgate.validation.Verdict;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import java.util.concurrent.CompletableFuture;

/**
 * Before each request, makes sure the connection's verdict still holds: a keep-alive connection
 * can outlive it (a CRL refresh revoked the certificate, or the verdict's validity ended). Then
 * the chain the client presented is judged again; a cached verdict comes back at once, and
 * otherwise the request (and what follows it) is held, with reading paused, until the new
 * verdict is in, and then passed on, on the event loop. A connection whose verdict is current
 * costs one comparison per request.
 *
 * <p>Sits just before {@link RequestGate}, on HTTP/1.1 connections and on each HTTP/2 stream.
 */
public final class VerdictRefreshHandler extends InputHoldingHandler {

    @Override
    void read(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            Connection connection = Connection.of(ctx.channel());
            CompletableFuture<Verdict> verdict = connection.verdict();
            Verdict decided = verdict.getNow(null);
            ClientCertificateJudge judge = connection.site().judge();
            if (decided != null && decided.presented() && !judge.isCurrent(decided)) {
                verdict = judge.judge(connection.presented());
                connection.verdict(verdict);
            }
            // Not decided yet: this request asked for it, or (HTTP/2) another stream of the
            // connection did a moment ago. Either way the request waits for it.
            if (!connection.decided().isDone()) {
                input.holdUntil(ctx, connection.decided(), () -> { });
                input.add(msg);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }
}
