package io.certgate.http;

import io.certgate.access.Decision;
import io.certgate.access.Refusal;
import io.certgate.validation.Verdict;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.Optional;

/**
 * One request and its answer, as far as they are known: created when the request line
 * arrives, annotated by the handlers (route, verdict, decision), logged when the response's
 * last byte is written.
 */
public final class Exchange {

    private static final AttributeKey<Exchange> CURRENT = AttributeKey.valueOf("certgate.exchange");

    final long startNanos;
    final String method;
    final String target;
    final String userAgent;
    /** The ID the answer carries in {@code Certgate-Request-Id}, the log and the backend's {@code X-Request-Id}. */
    final String requestId;
    int status;
    /** What only the access log reads, set by {@link AccessLogHandler}: the request's headers and the bytes both ways. */
    String referer = "";
    String host = "";
    String version = "";
    long requestBytes;
    long responseBytes;
    /** What an error answer said went wrong, in full (the log's form); empty otherwise. */
    private String errorDetail = "";
    private Site site;
    private Location location;
    private RequestPath path;
    private Verdict verdict;
    private Decision decision;

    Exchange(long startNanos, String method, String target, String userAgent, String requestId) {
        this.startNanos = startNanos;
        this.method = method;
        this.target = target;
        this.userAgent = userAgent;
        this.requestId = requestId;
    }

    /** The exchange of this channel, if a request has begun on it (none in front of the access log handler). */
    public static Optional<Exchange> find(Channel channel) {
        return Optional.ofNullable(channel.attr(CURRENT).get());
    }

    /** The request's ID. */
    public String requestId() {
        return requestId;
    }

    /** Records the full detail of the error answer, for the access log. */
    void answeredWithError(String detail) {
        this.errorDetail = detail;
    }

    /** The full detail of the error answer, empty when there was none. */
    String errorDetail() {
        return errorDetail;
    }

    /** The exchange whose request is being handled on this channel now. */
    public static Exchange current(Channel channel) {
        Exchange exchange = channel.attr(CURRENT).get();
        if (exchange == null) {
            throw new IllegalStateException("no exchange on " + channel + ": is AccessLogHandler in the pipeline?");
        }
        return exchange;
    }

    static void begin(Channel channel, Exchange exchange) {
        channel.attr(CURRENT).set(exchange);
    }

    void route(Site site, RequestPath path, Location location) {
        this.site = site;
        this.path = path;
        this.location = location;
    }

    void decided(Verdict verdict, Decision decision) {
        this.verdict = verdict;
        this.decision = decision;
    }

    public Optional<Location> location() {
        return Optional.ofNullable(location);
    }

    public Optional<RequestPath> path() {
        return Optional.ofNullable(path);
    }

    public Optional<Site> site() {
        return Optional.ofNullable(site);
    }

    public Optional<Decision> decision() {
        return Optional.ofNullable(decision);
    }

    public Optional<Verdict> verdict() {
        return Optional.ofNullable(verdict);
    }

    /** The IIS substatus for the log: the refusal's, or 0. */
    int substatus() {
        return decision == null ? 0 : decision.refusal().map(Refusal::substatus).orElse(0);
    }
}
