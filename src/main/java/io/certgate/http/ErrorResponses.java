package io.certgate.http;

import io.certgate.access.Refusal;
import io.certgate.config.ErrorDetail;
import io.certgate.config.ErrorsConfig;
import io.certgate.http.errorpage.Advice;
import io.certgate.http.errorpage.ErrorBodies;
import io.certgate.http.errorpage.ErrorPage;
import io.certgate.http.errorpage.MediaType;
import io.certgate.validation.Verdict;
import io.certgate.x509.CertificateFacts;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Error answers in one style: the status line, {@code Certgate-Status} for refusals (SPEC §4),
 * {@code Certgate-Request-Id}, and a page for a person ({@link ErrorPage}: what happened, the
 * likely causes, what to try) in HTML, JSON or plain text as the client's {@code Accept}
 * prefers. Bodies are escaped for their format; headers never carry request data.
 *
 * <p>What an answer says of the request comes from the channel: the request's ID and the
 * presented certificate from its {@link Exchange}, the site's {@code errors} settings and the CA
 * names its handshake advertises from the site. The full detail is recorded on the exchange for
 * the access log, whatever the page shows.
 */
public final class ErrorResponses {

    /** The header that names a refusal: {@code Certgate-Status: 403.16 client-certificate-untrusted}. */
    public static final String STATUS_HEADER = "Certgate-Status";

    /** The reason {@code Certgate-Status} gives a request refused as malformed or hostile. */
    public static final String BAD_REQUEST_REASON = "bad-request";

    private ErrorResponses() {
    }

    /**
     * What an answer knows of its request and site.
     *
     * @param certificate the certificate the client presented, if any
     * @param acceptedAuthorities the CA names the site's handshake advertises
     */
    public record Context(String requestId, ErrorsConfig errors, Optional<CertificateFacts> certificate,
                          List<String> acceptedAuthorities, Instant time) {

        /** No site and no request known: certgate's own detailed page, a fresh ID. */
        public static Context standalone() {
            return new Context(RequestIds.next(), ErrorsConfig.DEFAULTS, Optional.empty(), List.of(), Instant.now());
        }

        /** The context of the request being answered on {@code channel}. */
        public static Context of(Channel channel) {
            Optional<Exchange> exchange = Exchange.find(channel);
            Optional<Site> site = exchange.flatMap(Exchange::site).or(() -> Connection.find(channel).map(Connection::site));
            return new Context(exchange.map(Exchange::requestId).orElseGet(RequestIds::next),
                    site.map(Site::errors).orElse(ErrorsConfig.DEFAULTS),
                    exchange.flatMap(Exchange::verdict).flatMap(Verdict::client),
                    site.map(Site::acceptedAuthorities).orElse(List.of()), Instant.now());
        }
    }

    /**
     * An answer to bytes that never became a request the access log saw (a request head that
     * timed out, one pipelined past the limit): a fresh ID, the connection's site, no exchange.
     */
    public static FullHttpResponse outsideRequest(ChannelHandlerContext ctx, HttpResponseStatus status, String detail,
                                                  String accept) {
        Optional<Site> site = Connection.find(ctx.channel()).map(Connection::site);
        Context context = new Context(RequestIds.next(), site.map(Site::errors).orElse(ErrorsConfig.DEFAULTS),
                Optional.empty(), site.map(Site::acceptedAuthorities).orElse(List.of()), Instant.now());
        return plain(ctx.alloc(), context, status, Detail.of(detail), accept);
    }

    /** A refusal with its IIS substatus. */
    public static FullHttpResponse refusal(ChannelHandlerContext ctx, Refusal refusal, Detail detail, String accept) {
        return refusal(ctx.alloc(), Context.of(ctx.channel()), refusal, logged(ctx, detail), accept);
    }

    /** A refusal, as above, for a known context. */
    public static FullHttpResponse refusal(ByteBufAllocator alloc, Context context, Refusal refusal, Detail detail,
                                           String accept) {
        HttpResponseStatus status = HttpResponseStatus.valueOf(refusal.status());
        boolean showsCertificate = refusal == Refusal.CLIENT_CERTIFICATE_REVOKED
                || refusal == Refusal.CLIENT_CERTIFICATE_UNTRUSTED || refusal == Refusal.CLIENT_CERTIFICATE_EXPIRED
                || refusal == Refusal.MAPPER_DENIED;
        boolean showsAuthorities = refusal == Refusal.CLIENT_CERTIFICATE_REQUIRED;
        FullHttpResponse response = build(alloc, context, status, refusal.substatus(), refusal.reason(), title(refusal),
                detail, showsCertificate, showsAuthorities, accept);
        response.headers().set(STATUS_HEADER, refusal.headerValue());
        return response;
    }

    /** A plain HTTP error such as 404, 421 or 502, in the same style. */
    public static FullHttpResponse plain(ChannelHandlerContext ctx, HttpResponseStatus status, Detail detail, String accept) {
        return plain(ctx.alloc(), Context.of(ctx.channel()), status, logged(ctx, detail), accept);
    }

    /** A plain HTTP error whose detail names nothing of the server's; {@code detail} may be empty. */
    public static FullHttpResponse plain(ChannelHandlerContext ctx, HttpResponseStatus status, String detail, String accept) {
        return plain(ctx, status, Detail.of(detail), accept);
    }

    /** A plain HTTP error, as above, for a known context. */
    public static FullHttpResponse plain(ByteBufAllocator alloc, Context context, HttpResponseStatus status, Detail detail,
                                         String accept) {
        return build(alloc, context, status, 0, "", status.reasonPhrase(), detail, false, false, accept);
    }

    /**
     * 400 for a request certgate refused to judge, with {@code Certgate-Status: 400 bad-request}
     * and the sentence saying what was wrong (never the request's own bytes).
     */
    public static FullHttpResponse badRequest(ChannelHandlerContext ctx, String detail, String accept) {
        return badRequest(ctx.alloc(), Context.of(ctx.channel()), logged(ctx, Detail.of(detail)), accept);
    }

    /** A 400, as above, for a known context. */
    public static FullHttpResponse badRequest(ByteBufAllocator alloc, Context context, Detail detail, String accept) {
        FullHttpResponse response = build(alloc, context, HttpResponseStatus.BAD_REQUEST, 0, BAD_REQUEST_REASON,
                HttpResponseStatus.BAD_REQUEST.reasonPhrase(), detail, false, false, accept);
        response.headers().set(STATUS_HEADER, "400 " + BAD_REQUEST_REASON);
        return response;
    }

    /** The IIS title of each substatus, so administrators recognise the page. */
    static String title(Refusal refusal) {
        return switch (refusal) {
            case SSL_REQUIRED -> "SSL is required to view this resource";
            case CLIENT_CERTIFICATE_REQUIRED -> "Client certificate required";
            case MAPPER_DENIED -> "Client certificate mapping denied access";
            case CLIENT_CERTIFICATE_REVOKED -> "Client certificate revoked";
            case CLIENT_CERTIFICATE_UNTRUSTED -> "Client certificate untrusted or invalid";
            case CLIENT_CERTIFICATE_EXPIRED -> "Client certificate has expired or is not yet valid";
            case ACCESS_DENIED -> "Access denied: this account is not allowed here";
            case DIRECTORY_UNAVAILABLE -> "The account directory is unavailable";
        };
    }

    /** The full detail goes to the access log whatever the page shows. */
    private static Detail logged(ChannelHandlerContext ctx, Detail detail) {
        Exchange.find(ctx.channel()).ifPresent(e -> e.answeredWithError(detail.internal()));
        return detail;
    }

    private static FullHttpResponse build(ByteBufAllocator alloc, Context context, HttpResponseStatus status,
                                          int substatus, String reason, String title, Detail detail,
                                          boolean showsCertificate, boolean showsAuthorities, String accept) {
        ErrorDetail level = context.errors().detail();
        String shown = switch (level) {
            case TERSE -> "";
            case DETAILED -> detail.forClient();
            case INTERNAL -> detail.internal();
        };
        boolean terse = level == ErrorDetail.TERSE;
        Advice advice = Advice.of(status.code(), substatus);
        ErrorPage page = new ErrorPage(status.code(), substatus, reason, title, advice.summary(), shown,
                advice.likelyCauses(), advice.tryThis(),
                showsCertificate && !terse ? context.certificate() : Optional.empty(),
                showsAuthorities && !terse ? context.acceptedAuthorities() : List.of(),
                context.requestId(), context.time());
        MediaType type = MediaType.preferred(accept);
        ErrorBodies.Body body = ErrorBodies.render(page, type, context.errors().template(status.code(), substatus));
        byte[] bytes = body.bytes();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                alloc.buffer(bytes.length).writeBytes(bytes));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, body.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set(HttpHeaderNames.CONTENT_SECURITY_POLICY, body.contentSecurityPolicy())
                .set("X-Content-Type-Options", "nosniff")
                .set(RequestIds.RESPONSE_HEADER, context.requestId());
        return response;
    }
}
