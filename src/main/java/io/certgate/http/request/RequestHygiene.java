package io.certgate.http.request;

import io.certgate.config.HttpConfig;
import io.certgate.config.IdentityHeaderNames;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans a request head before anything reads it, and refuses what cannot be cleaned. After
 * {@link #clean} has passed a request: its method is an upper-case token; it carries at most one
 * Content-Length, a plain decimal, or {@code Transfer-Encoding: chunked} alone; {@code Connection}
 * names no header that frames, routes or identifies it; it has exactly one Host in canonical
 * form (HTTP/1.0 may have none), taken from an absolute-form target when there is one; and no
 * header a backend trusts (see {@link ProtectedHeaders}), nor by default any name with {@code _},
 * is left in it. The path is made canonical separately ({@code http.RequestPath}).
 *
 * <p>How rules combine: the first failed check refuses the request; the headers are cleaned only
 * when every check passed. Refusals are counted by reason and logged at debug level in one line,
 * never with a stack trace: a misbehaving client is not the server's error.
 */
public final class RequestHygiene {

    private static final Logger LOG = LoggerFactory.getLogger(RequestHygiene.class);

    /** Longer than any registered method (RFC 9110 §16.1); nginx refuses methods past 32 too. */
    static final int MAX_METHOD_LENGTH = 32;
    /** 18 decimal digits always fit a long: 999 PB is more than any body certgate will relay. */
    static final int MAX_CONTENT_LENGTH_DIGITS = 18;

    /** Headers whose meaning {@code Connection} may not take away (RFC 9110 §7.6.1: they are end-to-end). */
    private static final List<String> FRAMING_OR_ROUTING = List.of("content-length", "transfer-encoding", "host");

    private final ProtectedHeaders protectedHeaders;
    private final boolean dropUnderscores;
    private final Consumer<BadRequest.Reason> counter;

    /**
     * @param identity the identity header names (their client copies are removed), and {@code strip}
     * @param http whether headers with {@code _} are dropped
     * @param counter counts each refusal ({@code certgate_bad_requests_total})
     */
    public RequestHygiene(IdentityHeaderNames identity, HttpConfig http, Consumer<BadRequest.Reason> counter) {
        this.protectedHeaders = new ProtectedHeaders(identity);
        this.dropUnderscores = http.underscoresInHeaders() == HttpConfig.UnderscoresInHeaders.DROP;
        this.counter = counter;
    }

    /**
     * Checks and cleans a request head in place.
     *
     * @param http2 true for a request of an HTTP/2 stream (converted to HTTP/1.1 objects by Netty)
     * @return empty when the request may be judged; otherwise why it is refused
     */
    public Optional<BadRequest> clean(HttpRequest request, boolean http2) {
        Optional<BadRequest> problem = check(request, http2);
        if (problem.isEmpty()) {
            problem = removeUntrusted(request.headers());
        }
        return problem;
    }

    /** Counts a refusal and logs it in one debug line. */
    public void refused(BadRequest bad, String client) {
        counter.accept(bad.reason());
        LOG.debug("refused a request from {} ({}): {}", client, bad.reason().label(), bad.detail());
    }

    private Optional<BadRequest> check(HttpRequest request, boolean http2) {
        if (request.decoderResult().isFailure()) {
            return Optional.of(unparsable(request.decoderResult().cause()));
        }
        HttpHeaders headers = request.headers();
        Optional<BadRequest> bad = method(request.method().name());
        if (bad.isEmpty()) {
            bad = connection(headers);
        }
        if (bad.isEmpty()) {
            bad = framing(headers, request.protocolVersion(), http2);
        }
        if (bad.isEmpty()) {
            bad = host(request, http2);
        }
        return bad;
    }

    private static BadRequest unparsable(Throwable cause) {
        String message = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
        if (cause instanceof TooLongFrameException) {
            return BadRequest.of(BadRequest.Reason.MALFORMED, "the request line or headers are too long");
        }
        if (message.contains("Content-Length") || message.contains("Transfer-Encoding") || message.contains("chunked")) {
            return BadRequest.of(BadRequest.Reason.FRAMING, "Content-Length must be one decimal number, and may not"
                    + " be sent with Transfer-Encoding; Transfer-Encoding may only be chunked");
        }
        return BadRequest.of(BadRequest.Reason.MALFORMED, "the request line or a header could not be parsed");
    }

    /** RFC 9110 §9.1: a token; upper case only, as nginx requires (methods are case-sensitive, and backends differ). */
    private static Optional<BadRequest> method(String method) {
        if (method.equals("CONNECT")) {
            // RFC 9110 §9.3.6: CONNECT asks for a tunnel; certgate is no forward proxy, and a
            // backend that accepted would turn a pooled connection into one client's tunnel.
            return Optional.of(BadRequest.of(BadRequest.Reason.METHOD, "CONNECT is not served here"));
        }
        boolean ok = !method.isEmpty() && method.length() <= MAX_METHOD_LENGTH;
        for (int i = 0; ok && i < method.length(); i++) {
            char c = method.charAt(i);
            ok = c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
        }
        return ok ? Optional.empty() : Optional.of(BadRequest.of(BadRequest.Reason.METHOD,
                "the method must be an upper-case token such as GET or POST"));
    }

    /**
     * {@code Connection} lists headers meant for one hop only, which a proxy removes (RFC 9110
     * §7.6.1). Naming Content-Length, Transfer-Encoding or Host there would make certgate forward a
     * message framed or routed differently from the one it judged; naming an identity header
     * would have certgate drop its own.
     */
    private Optional<BadRequest> connection(HttpHeaders headers) {
        if (!headers.contains(HttpHeaderNames.CONNECTION)) {
            return Optional.empty();
        }
        for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
            if (HttpHeaderValues.KEEP_ALIVE.contentEqualsIgnoreCase(value) || HttpHeaderValues.CLOSE.contentEqualsIgnoreCase(value)) {
                continue; // what nearly every HTTP/1.1 client sends, told apart without splitting
            }
            for (String token : value.split(",")) {
                String name = ProtectedHeaders.fold(token.trim());
                if (FRAMING_OR_ROUTING.contains(name) || protectedHeaders.contains(name)) {
                    return Optional.of(BadRequest.of(BadRequest.Reason.CONNECTION_HEADER,
                            "the Connection header may not name " + name));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * RFC 9112 §6: one Content-Length of plain digits, or {@code Transfer-Encoding: chunked} alone
     * (another coding could not be forwarded as certgate decoded it; RFC 9112 §6.1 lets a server
     * refuse it). The value is rewritten in canonical form ({@code 005} → {@code 5}).
     */
    private static Optional<BadRequest> framing(HttpHeaders headers, HttpVersion version, boolean http2) {
        if (http2) {
            // HTTP/2 frames its own bodies (RFC 9113 §8.1) and its codec refuses a client's
            // transfer-encoding; the one here is Netty's conversion saying "no content-length".
            headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
        }
        if (!headers.contains(HttpHeaderNames.TRANSFER_ENCODING) && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            return Optional.empty(); // a GET: nothing to check, nothing allocated
        }
        if (headers instanceof DecodedHeaders decoded && decoded.contentLengthRewritten()) {
            return Optional.of(BadRequest.of(BadRequest.Reason.FRAMING, "the request has more than one Content-Length"));
        }
        List<String> te = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        List<String> lengths = headers.getAll(HttpHeaderNames.CONTENT_LENGTH);
        if (!te.isEmpty()) {
            boolean chunkedAlone = te.size() == 1 && te.get(0).trim().equalsIgnoreCase("chunked");
            if (!chunkedAlone || http2 || !version.equals(HttpVersion.HTTP_1_1) || !lengths.isEmpty()) {
                return Optional.of(BadRequest.of(BadRequest.Reason.FRAMING,
                        "Transfer-Encoding may only be chunked, alone, on HTTP/1.1, without Content-Length"));
            }
        }
        if (lengths.isEmpty()) {
            return Optional.empty();
        }
        String first = lengths.get(0).trim();
        boolean ok = lengths.size() == 1 && !first.isEmpty() && first.length() <= MAX_CONTENT_LENGTH_DIGITS;
        for (int i = 0; ok && i < first.length(); i++) {
            ok = first.charAt(i) >= '0' && first.charAt(i) <= '9';
        }
        if (!ok) {
            return Optional.of(BadRequest.of(BadRequest.Reason.FRAMING,
                    "Content-Length must be one decimal number of at most " + MAX_CONTENT_LENGTH_DIGITS + " digits"));
        }
        String canonical = Long.toString(Long.parseLong(first));
        if (!canonical.equals(lengths.get(0))) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, canonical); // "005" or " 5": rewritten once, as forwarded
        }
        return Optional.empty();
    }

    /**
     * RFC 9112 §3.2: HTTP/1.1 needs exactly one Host; an absolute-form target's authority replaces
     * it (§3.2.2). HTTP/2's {@code :authority} arrives as Host; a Host field beside it must agree
     * (RFC 9113 §8.3.1). The one Host left is canonical.
     */
    private static Optional<BadRequest> host(HttpRequest request, boolean http2) {
        HttpHeaders headers = request.headers();
        int hostCount = 0;
        for (var it = headers.valueCharSequenceIterator(HttpHeaderNames.HOST); it.hasNext(); it.next()) {
            hostCount++;
        }
        Optional<String> fromTarget = Optional.empty();
        String uri = request.uri();
        int scheme = uri.indexOf("://");
        if (!uri.startsWith("/") && scheme > 0) {
            String name = uri.substring(0, scheme).toLowerCase(Locale.ROOT);
            if (!name.equals("http") && !name.equals("https")) {
                return Optional.of(hostProblem("an absolute request target must be an http or https URL"));
            }
            int end = scheme + 3;
            while (end < uri.length() && uri.charAt(end) != '/' && uri.charAt(end) != '?' && uri.charAt(end) != '#') {
                end++;
            }
            fromTarget = Authority.canonical(uri.substring(scheme + 3, end));
            if (fromTarget.isEmpty()) {
                return Optional.of(hostProblem("the request target's authority is not host[:port]"));
            }
        }
        if (hostCount > 1 && !(http2 && headers.getAll(HttpHeaderNames.HOST).stream().distinct().count() == 1)) {
            return Optional.of(hostProblem("the request has more than one Host header"));
        }
        if (hostCount == 0) {
            if (fromTarget.isPresent()) {
                headers.set(HttpHeaderNames.HOST, fromTarget.get());
                return Optional.empty();
            }
            if (http2 || request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
                return Optional.of(hostProblem(http2 ? "the request has no :authority" : "HTTP/1.1 requires a Host header"));
            }
            return Optional.empty(); // HTTP/1.0 may do without
        }
        String sent = headers.get(HttpHeaderNames.HOST);
        Optional<String> host = Authority.canonical(sent.trim());
        if (host.isEmpty()) {
            return Optional.of(hostProblem("the Host header is not host[:port]"));
        }
        String canonical = fromTarget.orElse(host.get());
        if (hostCount > 1 || !canonical.equals(sent)) {
            headers.set(HttpHeaderNames.HOST, canonical);
        }
        return Optional.empty();
    }

    private static BadRequest hostProblem(String detail) {
        return BadRequest.of(BadRequest.Reason.HOST, detail);
    }

    /**
     * Removes identity and trust-bearing headers, and names with '_' unless they are allowed. A
     * pseudo-header left over from HTTP/2 (Netty maps the ones it knows to the request line and
     * Host) is refused instead. One pass over the headers, allocating nothing for ordinary names.
     */
    private Optional<BadRequest> removeUntrusted(HttpHeaders headers) {
        List<String> remove = null;
        for (var it = headers.iteratorCharSequence(); it.hasNext(); ) {
            CharSequence name = it.next().getKey();
            if (name.length() > 0 && name.charAt(0) == ':') {
                return Optional.of(BadRequest.of(BadRequest.Reason.PSEUDO_HEADER,
                        "the pseudo-header " + name + " is not accepted"));
            }
            boolean drop = dropUnderscores && contains(name, '_') || !isPlainName(name) || protectedHeaders.contains(name);
            if (drop) {
                if (remove == null) {
                    remove = new ArrayList<>(2);
                }
                remove.add(name.toString());
            }
        }
        if (remove != null) {
            remove.forEach(headers::remove);
        }
        return Optional.empty();
    }

    /**
     * Letters, digits, '-' and '_' only, as nginx's ignore_invalid_headers keeps: other token
     * characters ({@code X.Remote.User}, {@code X~Remote~User}) become '_' in lighttpd's CGI
     * variables, so a backend would read them as {@code HTTP_X_REMOTE_USER}.
     */
    private static boolean isPlainName(CharSequence name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(CharSequence text, char c) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == c) {
                return true;
            }
        }
        return false;
    }
}
