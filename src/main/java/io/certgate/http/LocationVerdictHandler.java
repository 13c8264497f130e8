package io.certgate.http;

import io.certgate.validation.Verdict;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Before a request reaches {@link RequestGate}, makes sure the verdict its location needs is
 * in. Most locations need only the site's verdict, which {@link ClientCertificateVerdictHandler}
 * and {@link VerdictRefreshHandler} already hold the request for: they cost one lookup here. A
 * location that asks more of a certificate than its site (certificate policies) has its own
 * judge: once the site's verdict is valid, the chain is judged there too, on first need (a cached
 * verdict comes back at once), and the request (with what follows it) is held until that verdict
 * is in. A certificate the site refuses is refused on the site's verdict, without asking.
 *
 * <p>Routes as {@link RequestGate} does (same target, same site); a target it cannot read is passed
 * on for RequestGate to answer. Sits between VerdictRefreshHandler and RequestGate, on HTTP/1.1
 * connections and on each HTTP/2 stream.
 */
public final class LocationVerdictHandler extends InputHoldingHandler {

    @Override
    void read(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            Connection connection = Connection.of(ctx.channel());
            Verdict site = connection.verdict().getNow(null);
            if (site != null && site.isValid()) {
                Optional<Location> location = RequestPath.read(request.uri()).path()
                        .flatMap(path -> connection.site().locate(path.routing()))
                        .filter(l -> l.judge() != null);
                if (location.isPresent()) {
                    CompletableFuture<Verdict> verdict = connection.judgeAt(location.get());
                    if (!verdict.isDone()) {
                        input.holdUntil(ctx, verdict, () -> { });
                        input.add(msg);
                        return;
                    }
                }
            }
        }
        ctx.fireChannelRead(msg);
    }
}
