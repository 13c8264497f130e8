package io.certgate.http;

import io.certgate.identity.Identity;
import io.certgate.log.AccessLog;
import io.certgate.log.AccessRecord;
import io.certgate.validation.Verdict;
import io.certgate.x509.CertificateFacts;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * Starts an {@link Exchange} for each request and records it in the access log once the last
 * byte of its response is written (or the connection closes first). Responses are matched to
 * requests in order, as HTTP/1.1 sends them; informational (1xx) responses are not counted.
 * Where no access log is configured no record is built: the request is only counted (the
 * metrics), as soon as its last piece is handed to the codec.
 * Sits next to the HTTP codec so that it sees every byte the client gets; sets
 * {@code Certgate-Request-Id} on every answer, so that a person can quote it and the log finds it.
 */
public final class AccessLogHandler extends ChannelDuplexHandler {

    private final AccessLog log;
    private final Clock clock;
    private final Deque<Exchange> open = new ArrayDeque<>();

    public AccessLogHandler(AccessLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            Exchange exchange = new Exchange(System.nanoTime(), request.method().name(), request.uri(),
                    request.headers().get(HttpHeaderNames.USER_AGENT, ""), RequestIds.next());
            exchange.referer = request.headers().get(HttpHeaderNames.REFERER, "");
            exchange.host = request.headers().get(HttpHeaderNames.HOST, "");
            // HTTP/2 streams reach us converted to HTTP/1.1 objects: the connection knows better.
            exchange.version = "HTTP/2".equals(Connection.of(ctx.channel()).protocol())
                    ? "HTTP/2" : request.protocolVersion().text();
            exchange.requestBytes = HeadSize.of(request);
            open.addLast(exchange);
            Exchange.begin(ctx.channel(), exchange);
        }
        if (msg instanceof HttpContent content && !open.isEmpty()) {
            open.peekLast().requestBytes += content.content().readableBytes();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response && response.status().codeClass() != io.netty.handler.codec.http.HttpStatusClass.INFORMATIONAL) {
            Exchange exchange = open.peekFirst();
            if (exchange != null) {
                exchange.status = response.status().code();
                // Every answer, whoever made it (error page, static file, backend), names its request.
                response.headers().set(RequestIds.RESPONSE_HEADER, exchange.requestId);
                exchange.responseBytes += HeadSize.of(response);
            }
        }
        if (msg instanceof HttpContent content && !open.isEmpty()) {
            open.peekFirst().responseBytes += content.content().readableBytes();
        }
        if (msg instanceof LastHttpContent && !open.isEmpty() && open.peekFirst().status != 0) {
            Exchange done = open.pollFirst();
            Channel channel = ctx.channel();
            if (log.writesRecords()) {
                promise = promise.unvoid();
                promise.addListener(f -> log.record(record(channel, done)));
            } else {
                log.count(siteName(channel, done), done.status, done.substatus());
            }
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // Requests the client gave up on before their answer completed are logged too.
        Exchange exchange;
        while ((exchange = open.pollFirst()) != null) {
            if (log.writesRecords()) {
                log.record(record(ctx.channel(), exchange));
            } else {
                log.count(siteName(ctx.channel(), exchange), exchange.status, exchange.substatus());
            }
        }
        ctx.fireChannelInactive();
    }

    private static String siteName(Channel channel, Exchange exchange) {
        Site site = exchange.site().orElse(null);
        return site != null ? site.name() : Connection.of(channel).site().name();
    }

    private AccessRecord record(Channel channel, Exchange exchange) {
        Channel transport = Connection.transport(channel);
        Connection connection = Connection.of(channel);
        String stem = exchange.path().map(RequestPath::canonical).orElseGet(() -> stemOf(exchange.target));
        String query = exchange.path().map(RequestPath::query).orElseGet(() -> queryOf(exchange.target));
        Identity identity = exchange.decision().map(d -> d.identity()).orElse(Identity.ANONYMOUS);
        Verdict verdict = exchange.verdict().orElse(null);
        CertificateFacts certificate = verdict == null ? null : verdict.client().orElse(null);
        return new AccessRecord(
                Instant.now(clock),
                Connection.serverAddress(channel),
                Connection.port(transport.localAddress()),
                exchange.method,
                stem,
                query,
                identity.accountName().orElse(""),
                Connection.clientAddress(channel),
                exchange.userAgent,
                exchange.status,
                exchange.substatus(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - exchange.startNanos),
                siteName(channel, exchange),
                connection.protocol(),
                verdict == null ? "" : verdict.reason().label(),
                certificate == null ? "" : certificate.subject().rfc4514(),
                certificate == null ? "" : certificate.fingerprint().hex(),
                exchange.requestId,
                exchange.errorDetail(),
                exchange.referer,
                exchange.host,
                exchange.version,
                exchange.requestBytes,
                exchange.responseBytes);
    }

    private static String stemOf(String target) {
        int question = target.indexOf('?');
        return question < 0 ? target : target.substring(0, question);
    }

    private static String queryOf(String target) {
        int question = target.indexOf('?');
        return question < 0 ? "" : target.substring(question + 1);
    }
}
