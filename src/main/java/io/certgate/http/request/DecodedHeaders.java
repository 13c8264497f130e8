package io.certgate.http.request;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import java.util.List;

/**
 * The headers the HTTP/1.1 codec decodes a request into: Netty's own, validated as by default,
 * that also remember what the codec hides. Netty keeps only the first Content-Length of an
 * HTTP/1.0 request and rewrites the field ({@code HttpUtil.normalizeAndGetContentLength}), so
 * {@code Content-Length: 5} then {@code Content-Length: 12} would reach {@link RequestHygiene}
 * as a plain {@code 5}. RFC 9112 §6.3 calls such framing invalid, whatever the version: here the
 * rewrite is noticed, and the request refused.
 */
public final class DecodedHeaders extends DefaultHttpHeaders {

    /** For {@code HttpDecoderConfig.setHeadersFactory}: Netty's default validation, these headers. */
    public static final HttpHeadersFactory FACTORY = new HttpHeadersFactory() {
        private final DefaultHttpHeadersFactory validation = DefaultHttpHeadersFactory.headersFactory();

        @Override
        public HttpHeaders newHeaders() {
            return new DecodedHeaders(validation);
        }

        @Override
        public HttpHeaders newEmptyHeaders() {
            return new DecodedHeaders(validation);
        }
    };

    private boolean contentLengthRewritten;

    private DecodedHeaders(DefaultHttpHeadersFactory validation) {
        super(validation.getNameValidator(), validation.getValueValidator());
    }

    /** True when the codec replaced several Content-Length values (or a list) by one. */
    boolean contentLengthRewritten() {
        return contentLengthRewritten;
    }

    @Override
    public HttpHeaders set(CharSequence name, Object value) {
        if (HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)) {
            List<String> current = getAll(HttpHeaderNames.CONTENT_LENGTH);
            contentLengthRewritten |= current.size() > 1 || current.size() == 1 && current.get(0).indexOf(',') >= 0;
        }
        return super.set(name, value);
    }

    @Override
    public HttpHeaders set(String name, Object value) {
        return set((CharSequence) name, value);
    }
}
