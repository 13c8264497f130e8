package io.certgate.http.request;

import java.util.Locale;

/**
 * Why a request was refused as malformed or hostile (400), with a sentence for the person who
 * sent it. The reason is counted in {@code certgate_bad_requests_total{reason}}; its constants are
 * the one closed set of that label, also for what other handlers refuse (deadlines, HTTP/2 limits).
 *
 * @param reason the closed reason, its label a metric value
 * @param detail what was wrong, in one sentence; never echoes the request's bytes
 */
public record BadRequest(Reason reason, String detail) {

    /** The closed set of reasons; each constant's label is what the metric and the debug log show. */
    public enum Reason {
        /** The HTTP codec could not parse the request line or a header: 400. */
        MALFORMED,
        /** Content-Length or Transfer-Encoding is invalid, or they conflict: 400. */
        FRAMING,
        /** Connection names a header that frames or routes the request, or one certgate sets: 400. */
        CONNECTION_HEADER,
        /** Host is missing, repeated or not host[:port]: 400. */
        HOST,
        /** The request target cannot be made canonical, or could name another file on the backend: 400. */
        PATH,
        /** The method is not an upper-case token: 400. */
        METHOD,
        /** An HTTP/2 request carried a pseudo-header certgate does not accept: 400. */
        PSEUDO_HEADER,
        /** A request body's chunked framing broke off: the exchange is abandoned and the connection closed. */
        BODY,
        /** The request head did not arrive within {@code http.requestHeaderTimeout}: 408 and close. */
        REQUEST_HEADER_TIMEOUT,
        /** A request body fell silent for {@code http.requestBodyTimeout}: 408 and close, or RST_STREAM. */
        REQUEST_BODY_TIMEOUT,
        /** An HTTP/2 stream over {@code http.maxProxiedStreamsPerConnection}: RST_STREAM REFUSED_STREAM. */
        REFUSED_STREAM,
        /** More pipelined HTTP/1.1 requests waited than certgate holds: 503 and close. */
        PIPELINE_LIMIT,
        /** An HTTP/2 flood (rapid reset, CONTINUATION, control frames): GOAWAY ENHANCE_YOUR_CALM. */
        HTTP2_FLOOD,
        /** Any other HTTP/2 protocol violation the codec answers with RST_STREAM or GOAWAY. */
        HTTP2_PROTOCOL_ERROR;

        private final String label = name().toLowerCase(Locale.ROOT).replace('_', '-');

        /** The metric label: {@code connection-header}. */
        public String label() {
            return label;
        }
    }

    static BadRequest of(Reason reason, String detail) {
        return new BadRequest(reason, detail);
    }
}
