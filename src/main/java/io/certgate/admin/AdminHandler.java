package io.certgate.admin;

import io.certgate.log.GatewayMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Answers the admin endpoints: {@code GET /healthz} 200 "ok" while the process runs, {@code GET
 * /readyz} 200 once the gateway serves from a loaded runtime (else 503 and why), {@code GET
 * /metrics} the Prometheus text. HEAD works too; other methods get 405, other paths 404.
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final String TEXT = "text/plain; charset=utf-8";

    private final GatewayMetrics metrics;
    private final Readiness readiness;

    AdminHandler(GatewayMetrics metrics, Readiness readiness) {
        this.metrics = metrics;
        this.readiness = readiness;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpResponse response = answer(request);
        boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
        HttpUtil.setKeepAlive(response, keepAlive);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        if (HttpMethod.HEAD.equals(request.method())) {
            response.content().clear(); // the length stays: what GET would have sent
        }
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        }
    }

    private FullHttpResponse answer(FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return text(HttpResponseStatus.BAD_REQUEST, "the request could not be parsed\n");
        }
        String uri = request.uri();
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        boolean known = path.equals("/healthz") || path.equals("/readyz") || path.equals("/metrics");
        if (!known) {
            return text(HttpResponseStatus.NOT_FOUND, "not found; try /healthz, /readyz or /metrics\n");
        }
        if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
            FullHttpResponse refused = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET and HEAD\n");
            refused.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            return refused;
        }
        return switch (path) {
            case "/healthz" -> text(HttpResponseStatus.OK, "ok\n");
            case "/readyz" -> {
                Optional<String> why = readiness.notReadyBecause();
                yield why.map(w -> text(HttpResponseStatus.SERVICE_UNAVAILABLE, "not ready: " + w + "\n"))
                        .orElseGet(() -> text(HttpResponseStatus.OK, "ready\n"));
            }
            default -> response(HttpResponseStatus.OK, GatewayMetrics.CONTENT_TYPE, metrics.scrape());
        };
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body) {
        return response(status, TEXT, body);
    }

    private static FullHttpResponse response(HttpResponseStatus status, String contentType, String body) {
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
