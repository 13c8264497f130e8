package io.certgate.http;

import io.certgate.identity.Identity;
import io.certgate.proxyprotocol.ConnectionAddresses;
import io.certgate.tls.HostTable;
import io.certgate.validation.ClientCertificateJudge;
import io.certgate.validation.Verdict;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What is known of one client connection: the site SNI chose, the sites it may name in Host,
 * and the verdict on its certificate. Created when the connection is accepted; touched only
 * on its event loop. HTTP/2 streams share their parent connection's.
 */
public final class Connection {

    private static final AttributeKey<Connection> KEY = AttributeKey.valueOf("certgate.connection");

    private final HostTable<Site> sites;
    private final boolean tls;
    private Site site;
    private String serverName = "";
    private String protocol = "HTTP/1.1";
    private CompletableFuture<Verdict> verdict = CompletableFuture.completedFuture(Verdict.missing());
    private List<X509Certificate> presented = List.of();
    /** The identity of the verdict's certificate, mapped when the verdict is in (directory lookups off the event loop). */
    private CompletableFuture<Identity> mapped = CompletableFuture.completedFuture(Identity.ANONYMOUS);
    /** Verdicts of the location judges this connection's requests needed (see {@link Location#judge()}). */
    private final Map<ClientCertificateJudge, CompletableFuture<Verdict>> locationVerdicts = new IdentityHashMap<>();
    private Identity identity;
    private String clientAddress;
    private String serverAddress;
    private IdentityHeaders.Forwarded forwarded;
    private IdentityHeaders.Forwarded forwardedDiscarded;
    /** HTTP/2 streams of this connection now at a proxy location (see {@code http.h2.ProxiedStreamLimit}). */
    private int proxiedStreams;

    private Connection(HostTable<Site> sites, boolean tls) {
        this.sites = sites;
        this.tls = tls;
        this.site = sites.defaultSite();
    }

    /** Attaches a new connection state to an accepted channel. */
    public static Connection attach(Channel channel, HostTable<Site> sites, boolean tls) {
        Connection connection = new Connection(sites, tls);
        channel.attr(KEY).set(connection);
        return connection;
    }

    /** The connection of a channel, or of its parent for an HTTP/2 stream. */
    public static Connection of(Channel channel) {
        Connection connection = channel.attr(KEY).get();
        if (connection == null && channel.parent() != null) {
            connection = channel.parent().attr(KEY).get();
        }
        if (connection == null) {
            throw new IllegalStateException("channel has no certgate connection state: " + channel);
        }
        return connection;
    }

    /** The connection of a channel (or of its parent), if it has one. */
    public static Optional<Connection> find(Channel channel) {
        Connection connection = channel.attr(KEY).get();
        if (connection == null && channel.parent() != null) {
            connection = channel.parent().attr(KEY).get();
        }
        return Optional.ofNullable(connection);
    }

    /** The TCP connection itself (the parent of an HTTP/2 stream). */
    public static Channel transport(Channel channel) {
        return channel.attr(KEY).get() == null && channel.parent() != null ? channel.parent() : channel;
    }

    public void selectSite(String serverName, Site site) {
        this.serverName = serverName == null ? "" : serverName;
        this.site = site;
    }

    public Site site() {
        return site;
    }

    /**
     * What backends are told of this connection's client, computed once per connection: with the
     * certificate, or as on an {@code ignore} location, without it ({@code discarded}).
     */
    public IdentityHeaders.Forwarded forwarded(IdentityHeaders headers, Identity identity, Optional<Verdict> judged) {
        boolean discarded = judged.isEmpty();
        IdentityHeaders.Forwarded cached = discarded ? forwardedDiscarded : forwarded;
        if (cached == null) {
            cached = headers.describe(identity, judged, presented, site.identityFormatsInUse(), site.serverUris());
            if (discarded) {
                forwardedDiscarded = cached;
            } else {
                forwarded = cached;
            }
        }
        return cached;
    }

    /** Takes one of this connection's {@code limit} places at backends; false when all are taken. */
    public boolean tryProxyStream(int limit) {
        if (proxiedStreams >= limit) {
            return false;
        }
        proxiedStreams++;
        return true;
    }

    /** Gives back a place {@link #tryProxyStream} took. */
    public void proxyStreamEnded() {
        proxiedStreams--;
    }

    public HostTable<Site> sites() {
        return sites;
    }

    /** The SNI server name, empty when the client sent none. */
    public String serverName() {
        return serverName;
    }

    public boolean tls() {
        return tls;
    }

    public String protocol() {
        return protocol;
    }

    public void protocol(String protocol) {
        this.protocol = protocol;
    }

    public CompletableFuture<Verdict> verdict() {
        return verdict;
    }

    public void verdict(CompletableFuture<Verdict> verdict) {
        this.verdict = verdict;
        Site judging = site;
        this.mapped = verdict.thenCompose(judged -> judged.isValid() && judged.client().isPresent()
                ? judging.mapper().mapAsync(judged.client().get()) : CompletableFuture.completedFuture(Identity.ANONYMOUS));
        this.locationVerdicts.clear(); // decided on the chain the site's verdict was; asked again when needed
        this.identity = null;
        this.forwarded = null;
        this.forwardedDiscarded = null;
    }

    /**
     * The verdict a request at {@code location} is decided on: the site's, unless that is valid and
     * the location asks more of a certificate ({@link Location#judge()}); then the location's. Null
     * while the verdict needed is not decided yet.
     */
    public Verdict verdictAt(Location location) {
        Verdict site = verdict.getNow(null);
        if (site == null || !site.isValid() || location.judge() == null) {
            return site;
        }
        CompletableFuture<Verdict> here = locationVerdicts.get(location.judge());
        return here == null ? null : here.getNow(null);
    }

    /**
     * Asks the location's judge about the presented chain, unless a current verdict of it is
     * held. Only for a location with a judge, once the site's verdict is valid.
     */
    CompletableFuture<Verdict> judgeAt(Location location) {
        ClientCertificateJudge judge = location.judge();
        CompletableFuture<Verdict> held = locationVerdicts.get(judge);
        Verdict decided = held == null ? null : held.getNow(null);
        if (held == null || decided != null && !judge.isCurrent(decided)) {
            held = judge.judge(presented);
            locationVerdicts.put(judge, held);
        }
        return held;
    }

    /** The chain the client presented in its handshake, client certificate first (empty when none). */
    public List<X509Certificate> presented() {
        return presented;
    }

    public void presented(List<X509Certificate> chain) {
        this.presented = List.copyOf(chain);
    }

    /**
     * Completes when the verdict is in and its certificate mapped (a directory may have been
     * asked): what the handlers that hold a connection's input wait for.
     */
    public CompletableFuture<?> decided() {
        return mapped;
    }

    /**
     * Who the connection's valid certificate is, mapped once per verdict (the site and the
     * certificate cannot change within one); anonymous when the certificate is not valid.
     */
    public Identity identity(Verdict judged) {
        if (identity == null) {
            Identity known = mapped.getNow(null);
            if (known == null) {
                // The input is held until decided() completes; reaching here is a wiring bug, and it fails closed.
                known = judged.isValid() && judged.client().isPresent()
                        ? new Identity.Unavailable(judged.client().get(), "the certificate's mapping is not decided yet")
                        : Identity.ANONYMOUS;
            }
            identity = known;
        }
        return identity;
    }

    /**
     * The client's IP address, as X-Forwarded-For and the access log carry it (formatted once per
     * connection): the PROXY header's on a {@code proxyProtocol} listener, else the socket's peer.
     */
    public static String clientAddress(Channel channel) {
        Connection connection = of(channel);
        if (connection.clientAddress == null) {
            connection.clientAddress = ConnectionAddresses.of(transport(channel)).clientIp();
        }
        return connection.clientAddress;
    }

    /** The server's IP address the client reached (formatted once per connection). */
    static String serverAddress(Channel channel) {
        Connection connection = of(channel);
        if (connection.serverAddress == null) {
            connection.serverAddress = address(transport(channel).localAddress());
        }
        return connection.serverAddress;
    }

    static String address(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : "";
    }

    static int port(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getPort() : 0;
    }
}
