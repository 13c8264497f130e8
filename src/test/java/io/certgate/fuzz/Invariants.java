package io.certgate.fuzz;

import io.certgate.fuzz.ProxiedConnection.Admitted;
import io.certgate.fuzz.ProxiedConnection.Backend;
import io.certgate.fuzz.StrictRequestParser.Field;
import io.certgate.fuzz.StrictRequestParser.Reading;
import io.certgate.fuzz.StrictRequestParser.Request;
import io.certgate.http.Connection;
import io.certgate.http.IdentityHeaders;
import io.certgate.http.Location;
import io.certgate.identity.Identity;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What must hold after any client bytes, issue 10's rule: what certgate judged is exactly what the
 * backend receives. Each broken rule fails from its own method, so that the fuzzer, which tells
 * findings apart by stack trace, reports each kind once.
 */
final class Invariants {

    /** Trust-bearing headers other software reads (issue 10, §3), besides certgate's own identity headers. */
    static final Set<String> TRUST_BEARING = Set.of("forwarded", "x-original-url", "x-rewrite-url", "x-arr-clientcert",
            "x-real-ip", "x-http-method-override", "x-http-method", "x-method-override", "client-cert",
            "client-cert-chain", "x-forwarded-client-cert");
    static final List<String> TRUST_BEARING_PREFIXES = List.of("x-forwarded-", "x-client-cert", "x-remote-", "x-ssl-",
            "x-arr-");
    /** Hop-by-hop headers (RFC 9110 §7.6.1) and Expect, which the gateway answers itself. */
    static final Set<String> HOP_BY_HOP = Set.of("keep-alive", "proxy-connection", "te", "trailer", "upgrade", "expect");

    private final NastyRequests input;
    private final ProxiedConnection connection;
    private final IdentityHeaders identityHeaders;

    Invariants(NastyRequests input, ProxiedConnection connection, IdentityHeaders identityHeaders) {
        this.input = input;
        this.connection = connection;
        this.identityHeaders = identityHeaders;
    }

    private AssertionError broken(String rule) {
        StringBuilder text = new StringBuilder(rule).append("\n  input: ").append(input);
        for (int i = 0; i < connection.backends.size(); i++) {
            text.append("\n  backend connection ").append(i).append(" got: ")
                    .append(Printable.of(connection.backends.get(i).received.toByteArray()));
        }
        text.append("\n  the client got: ").append(Printable.of(connection.toClient.toByteArray()));
        return new AssertionError(text.toString());
    }

    void nothingLogged(List<String> warnings) {
        if (!warnings.isEmpty()) {
            throw broken("a client's bytes made certgate log a warning or an error:\n" + String.join("\n", warnings));
        }
    }

    void nothingLeaked(List<String> unreleased) {
        if (!unreleased.isEmpty()) {
            throw broken("buffers were not released after the connection closed: " + unreleased);
        }
    }

    /**
     * Every backend's bytes read strictly; returns what reached backends, in the order certgate
     * sent it (empty for a request cut short, allowed only on a connection certgate closed).
     */
    List<Optional<Request>> backendsReadStrictly() {
        List<Sent> sent = new ArrayList<>();
        for (Backend backend : connection.backends) {
            Reading reading = backend.reading();
            if (reading.error().isPresent()) {
                throw broken("a backend got bytes that are not strict HTTP/1.1 requests: " + reading.error().get()
                        + " at byte " + reading.errorOffset());
            }
            reading.requests().forEach(r -> sent.add(new Sent(backend.writeNumberAt(r.offset()), Optional.of(r))));
            if (reading.incomplete()) {
                if (backend.channel.isOpen()) {
                    throw broken("a backend connection was kept open (pooled) after an unfinished request");
                }
                sent.add(new Sent(backend.writeNumberAt(reading.incompleteAt()), Optional.empty()));
            }
        }
        sent.sort(java.util.Comparator.comparingInt(Sent::write));
        return sent.stream().map(Sent::request).toList();
    }

    /** A request as a backend got it, and the number of the write that began it. */
    private record Sent(int write, Optional<Request> request) {
    }

    void oneForwardedPerAdmitted(List<Optional<Request>> forwarded) {
        if (forwarded.size() != connection.admitted.size()) {
            throw broken(forwarded.size() + " requests reached backends, but the gate admitted "
                    + connection.admitted.size() + " to the proxy: " + connection.admitted);
        }
    }

    /**
     * Every complete request a backend got is answered, and every answer reaches the client, in
     * order: an answer certgate drops, or does not wait for, means it sent a backend a request it
     * no longer served (a backend may act on a POST nobody hears back from; on a pooled
     * connection, an answer left unread is the next client's).
     */
    void answersReachTheirClient(List<Optional<Request>> forwarded) {
        long complete = forwarded.stream().filter(Optional::isPresent).count();
        if (complete != connection.answers) {
            throw broken(complete + " complete requests reached backends, but certgate closed the backend connection"
                    + " before " + (complete - connection.answers) + " of them could be answered");
        }
        String client = new String(connection.toClient.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1);
        int from = 0;
        for (int answer = 0; answer < connection.answers; answer++) {
            int at = client.indexOf("X-Answer: " + answer + "\r\n", from);
            if (at < 0) {
                throw broken("backends answered " + connection.answers + " requests, but answer " + answer
                        + " never reached the client");
            }
            from = at;
        }
    }

    /** Each forwarded request is the one the router judged: method, path, query, Host, identity, framing. */
    void forwardedAsJudged(Admitted judged, Request sent) {
        if (!sent.method().equals(judged.method())) {
            methodChanged(judged, sent);
        }
        if (!sent.path().equals(judged.path().canonical())) {
            pathDiffers(judged, sent);
        }
        String judgedPath = judged.path().normalized();
        Optional<String> decoded = BackendReadings.decode(sent.path());
        if (!decoded.equals(Optional.of(judgedPath))) {
            throw broken("the canonical path " + sent.path() + " does not decode to the path judged, " + judgedPath);
        }
        if (judgedPath.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw broken("a path with a control character reached the backend: " + Printable.of(
                    judgedPath.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        if (!sent.query().equals(judged.path().query())) {
            throw broken("the query changed: the client sent ?" + judged.path().query() + ", the backend got ?" + sent.query());
        }
        for (BackendReadings backend : BackendReadings.values()) {
            Optional<Location> served = backend.read(sent.path()).flatMap(p -> judged.site().locate(p));
            if (served.isPresent() && !served.get().equals(judged.location())) {
                throw broken("routed to location " + judged.location().prefix() + " but a " + backend + " backend reads "
                        + sent.path() + " as " + backend.read(sent.path()).get() + ", in location " + served.get().prefix());
            }
        }
        hostNamesTheSite(judged, sent);
        identityAsCertgateSetsIt(judged, sent);
        noHopByHopOrUnderscores(sent);
        if (!sent.trailers().isEmpty()) {
            throw broken("request trailers reached the backend: " + sent.trailers());
        }
    }

    private void methodChanged(Admitted judged, Request sent) {
        throw broken("the gate judged method " + judged.method() + " but the backend got " + sent.method());
    }

    private void pathDiffers(Admitted judged, Request sent) {
        throw broken("judged the canonical path " + judged.path().canonical() + " (the client sent "
                + judged.path().raw() + ") but the backend got " + sent.path());
    }

    /** A Host that names a configured site names the one judged (else a site's rules were bypassed: 421). */
    private void hostNamesTheSite(Admitted judged, Request sent) {
        String host = sent.values("host").get(0);
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
        String hostName = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        boolean namesASite = FuzzGateway.HOSTS.stream().anyMatch(h -> h.equalsIgnoreCase(hostName));
        if (namesASite && judged.site().hosts().stream().noneMatch(h -> h.equalsIgnoreCase(hostName))) {
            throw broken("the backend got Host " + host + ", which names another site than "
                    + judged.site().hosts() + ", the one the request was judged for");
        }
    }

    private void identityAsCertgateSetsIt(Admitted judged, Request sent) {
        boolean account = judged.identity() instanceof Identity.Account;
        List<String> users = sent.fields().stream().filter(f -> normalized(f.name()).equals("x-remote-user"))
                .map(Field::value).toList();
        if (!account && !users.isEmpty() || account && !users.equals(judged.identity().accountName().stream().toList())) {
            throw broken("the backend was told the user is " + users + ", but certgate judged " + judged.identity());
        }
        HttpHeaders own = new DefaultHttpHeaders();
        identityHeaders.set(own, Connection.clientAddress(connection.client), judged.host(),
                Connection.of(connection.client).forwarded(identityHeaders, judged.identity(), judged.verdict()),
                judged.location().identityFormats());
        List<String> expected = own.entries().stream()
                .map(e -> e.getKey().toLowerCase(Locale.ROOT) + ": " + e.getValue()).sorted().toList();
        List<String> got = sent.fields().stream().filter(f -> isTrustBearing(normalized(f.name())))
                .map(f -> normalized(f.name()) + ": " + f.value()).sorted().toList();
        if (!got.equals(expected)) {
            throw broken("trust-bearing headers at the backend are not exactly certgate's own: got " + got
                    + ", certgate sets " + expected);
        }
    }

    private void noHopByHopOrUnderscores(Request sent) {
        for (Field field : sent.fields()) {
            String name = field.name().toLowerCase(Locale.ROOT);
            if (field.name().indexOf('_') >= 0) {
                throw broken("a header with _ in its name reached the backend (http.underscoresInHeaders is drop): " + field);
            }
            boolean connectionOption = name.equals("connection")
                    && !(field.value().equalsIgnoreCase("keep-alive") || field.value().equalsIgnoreCase("close"));
            if (HOP_BY_HOP.contains(name) || connectionOption) {
                throw broken("a hop-by-hop header reached the backend: " + field);
            }
        }
    }

    /**
     * Where the client's bytes read as RFC 9112 requests, certgate decoded the same requests: the
     * one admitted as the connection's request number i is the RFC reading's number i, and reached
     * the backend with exactly its body; a request whose framing or body is malformed never
     * reaches a backend complete.
     */
    void framedAsTheClientFramedIt(List<Optional<Request>> forwarded) {
        Reading client = StrictRequestParser.read(input.bytes(), StrictRequestParser.Mode.RFC);
        List<Request> sent = new ArrayList<>(client.requests());
        client.failedHead().ifPresent(sent::add);
        for (int i = 0; i < connection.admitted.size(); i++) {
            Admitted judged = connection.admitted.get(i);
            if (judged.index() >= sent.size()) {
                if (client.clean()) {
                    throw broken("the gate admitted " + judged.method() + " " + judged.uri() + " as request "
                            + judged.index() + ", but the client's bytes are " + sent.size() + " requests by RFC 9112");
                }
                return; // certgate read past where RFC 9112 stops making sense of the bytes
            }
            Request meant = sent.get(judged.index());
            if (!meant.method().equals(judged.method()) || !meant.target().equals(judged.uri())) {
                throw broken("request " + judged.index() + " is " + meant.method() + " " + meant.target()
                        + " by RFC 9112, but certgate decoded " + judged.method() + " " + judged.uri());
            }
            Optional<Request> backendGot = forwarded.get(i);
            if (judged.index() == client.requests().size()) {
                if (backendGot.isPresent()) {
                    malformedForwardedComplete(client, backendGot.get());
                }
                return;
            }
            if (backendGot.isPresent() && !Arrays.equals(backendGot.get().body(), meant.body())) {
                throw broken("the backend got a body of " + Printable.of(backendGot.get().body()) + " for a request"
                        + " whose body is " + Printable.of(meant.body()));
            }
        }
    }

    private void malformedForwardedComplete(Reading client, Request backendGot) {
        throw broken("the client's request is malformed (" + client.error().orElse("") + ") but reached the backend"
                + " as a complete request with body " + Printable.of(backendGot.body()));
    }

    /** Case folded, {@code _} read as {@code -}: how CGI, WSGI and PHP backends see a name. */
    static String normalized(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static boolean isTrustBearing(String normalizedName) {
        return TRUST_BEARING.contains(normalizedName)
                || TRUST_BEARING_PREFIXES.stream().anyMatch(normalizedName::startsWith);
    }
}
