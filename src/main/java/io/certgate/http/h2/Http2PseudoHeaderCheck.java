package io.certgate.http.h2;

import io.certgate.http.request.BadRequest;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses an HTTP/2 request whose pseudo-header fields are not exactly those of a plain request
 * (RFC 9113 §8.3.1): {@code :method}, {@code :scheme}, {@code :authority}, {@code :path}, in the
 * first HEADERS frame only. Such a request is malformed (§8.1.1) and its stream is reset with
 * PROTOCOL_ERROR before it is converted to HTTP/1.1 form, because the conversion would hide it:
 *
 * <ul>
 *   <li>{@code :protocol} (extended CONNECT, RFC 8441) is only allowed once the server sent
 *       SETTINGS_ENABLE_CONNECT_PROTOCOL, which certgate never does; Netty accepts it anyway, drops
 *       it from a plain request and turns a CONNECT with it into a CONNECT with
 *       {@code x-http2-protocol} and {@code x-http2-path} headers;</li>
 *   <li>pseudo-header fields in trailers (§8.1) would otherwise be dropped silently.</li>
 * </ul>
 *
 * Unknown and upper-case pseudo-header names never get here: Netty's HPACK decoder resets those
 * streams itself. One per stream, first after the stream's frames arrive. The reset it sends is
 * counted in {@code certgate_bad_requests_total} where every HTTP/2 violation is: when it is written.
 */
public final class Http2PseudoHeaderCheck extends ChannelInboundHandlerAdapter {

    /** The reason the reset is counted under, by the codec's frame logger (server.Http2Violations). */
    static final String REASON = BadRequest.Reason.HTTP2_PROTOCOL_ERROR.label();
    private static final Logger LOG = LoggerFactory.getLogger(Http2PseudoHeaderCheck.class);
    private static final Set<Http2Headers.PseudoHeaderName> REQUEST_PSEUDO_HEADERS = EnumSet.of(
            Http2Headers.PseudoHeaderName.METHOD, Http2Headers.PseudoHeaderName.SCHEME,
            Http2Headers.PseudoHeaderName.AUTHORITY, Http2Headers.PseudoHeaderName.PATH);

    private boolean headersSeen;
    private boolean refused;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof Http2HeadersFrame frame) {
            Optional<String> problem = problem(frame.headers(), headersSeen);
            headersSeen = true;
            if (problem.isPresent()) {
                refused = true;
                ReferenceCountUtil.release(msg);
                LOG.debug("resetting {}: {} ({})", ctx.channel(), problem.get(), REASON);
                ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR));
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** What is wrong with the pseudo-header fields of a request's HEADERS (or its trailers'). */
    static Optional<String> problem(Http2Headers headers, boolean trailers) {
        for (Map.Entry<CharSequence, CharSequence> header : headers) {
            CharSequence name = header.getKey();
            if (name.length() == 0 || name.charAt(0) != ':') {
                break; // Netty keeps pseudo-header fields first, as HPACK decoding requires them
            }
            if (trailers) {
                return Optional.of("the trailers carry the pseudo-header field " + name);
            }
            Http2Headers.PseudoHeaderName pseudo = Http2Headers.PseudoHeaderName.getPseudoHeader(name);
            if (pseudo == Http2Headers.PseudoHeaderName.PROTOCOL) {
                return Optional.of("extended CONNECT (:protocol, RFC 8441) is not enabled");
            }
            if (pseudo == null || !REQUEST_PSEUDO_HEADERS.contains(pseudo)) {
                return Optional.of(name + " is not a request pseudo-header field");
            }
        }
        return Optional.empty();
    }
}
