package io.certgate.http;

import io.certgate.config.ErrorDetail;
import io.certgate.testing.CollectingAccessLog;
import io.certgate.tls.HostTable;
import io.certgate.validation.ClientCertificateJudge;
import io.certgate.validation.Verdict;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One client connection in an {@link EmbeddedChannel}, with the request handlers a real connection
 * gets, in the order the server adds them. Requests go in as HTTP objects; answers come out
 * reassembled, with every buffer released.
 */
final class RequestPipeline implements AutoCloseable {

    static final Clock CLOCK = Clock.fixed(ClientCertificates.NOW, ZoneOffset.UTC);

    /** A response as the client would see it once complete. */
    record Answer(HttpResponseStatus status, HttpHeaders headers, byte[] body, int nonEmptyBodyParts) {
        int code() {
            return status.code();
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(CharSequence name) {
            return headers.get(name);
        }
    }

    final EmbeddedChannel channel;
    final CollectingAccessLog log;
    final Connection connection;

    private RequestPipeline(EmbeddedChannel channel, CollectingAccessLog log, Connection connection) {
        this.channel = channel;
        this.log = log;
        this.connection = connection;
    }

    /**
     * The HTTPS request handlers (access log, chunked writes, gate, static files, unserved) on a
     * connection whose handshake chose {@code chosen} for {@code serverName} and judged its
     * certificate {@code verdict}.
     */
    static RequestPipeline https(List<Site> sites, Site chosen, String serverName, Verdict verdict, FileCache files) {
        return https(sites, chosen, serverName, verdict, files, new CollectingAccessLog());
    }

    /** As above, recording into {@code log}. */
    static RequestPipeline https(List<Site> sites, Site chosen, String serverName, Verdict verdict, FileCache files,
                                 CollectingAccessLog log) {
        EmbeddedChannel channel = new EmbeddedChannel();
        Connection connection = Connection.attach(channel, hostTable(sites), true);
        connection.selectSite(serverName, chosen);
        connection.verdict(CompletableFuture.completedFuture(verdict));
        channel.pipeline().addLast(
                new AccessLogHandler(log, CLOCK),
                new ChunkedWriteHandler(),
                new VerdictRefreshHandler(),
                new LocationVerdictHandler(),
                new RequestGate(new io.certgate.http.request.RequestHygiene(io.certgate.config.IdentityHeaderNames.DEFAULTS,
                        io.certgate.config.HttpConfig.DEFAULTS, reason -> { })),
                new StaticFileHandler(files),
                new UnservedRequestHandler());
        return new RequestPipeline(channel, log, connection);
    }

    /** One site, chosen by SNI {@code serverName}. */
    static RequestPipeline https(Site site, Verdict verdict) {
        return https(List.of(site), site, site.hosts().get(0), verdict, new FileCache(FileCache.DEFAULT_MAX_BYTES));
    }

    /** A plain-HTTP listener's handlers: the access log and {@code handler}. */
    static RequestPipeline plain(List<Site> sites, ChannelHandler handler) {
        CollectingAccessLog log = new CollectingAccessLog();
        EmbeddedChannel channel = new EmbeddedChannel();
        Connection connection = Connection.attach(channel, hostTable(sites), false);
        channel.pipeline().addLast(new AccessLogHandler(log, CLOCK), handler);
        return new RequestPipeline(channel, log, connection);
    }

    static HostTable<Site> hostTable(List<Site> sites) {
        return new HostTable<>(sites.stream().map(s -> Map.entry(s.hosts(), s)).toList());
    }

    static Site site(String name, List<String> hosts, ClientCertificateJudge judge, ErrorDetail detail, Location... locations) {
        return new Site(name, hosts, List.of(locations), true, judge, io.certgate.identity.CertificateMapper.none(), detail);
    }

    /** A bodiless request with {@code Host} and header name/value pairs. */
    static FullHttpRequest request(HttpMethod method, String uri, String host, String... headers) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri, Unpooled.EMPTY_BUFFER);
        if (host != null) {
            request.headers().set(HttpHeaderNames.HOST, host);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.headers().add(headers[i], headers[i + 1]);
        }
        return request;
    }

    /** The head of a request whose body of {@code length} bytes follows in separate parts. */
    static HttpRequest headWithBody(HttpMethod method, String uri, String host, int length) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri);
        request.headers().set(HttpHeaderNames.HOST, host).setInt(HttpHeaderNames.CONTENT_LENGTH, length);
        return request;
    }

    static HttpContent part(String text) {
        return new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    static LastHttpContent lastPart(String text) {
        return new DefaultLastHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    /** Sends the request (and its body parts) and reads the complete answer. */
    Answer send(HttpObject... messages) {
        channel.writeInbound((Object[]) messages);
        return answer();
    }

    /** Reads the next complete response from what the handlers wrote. */
    Answer answer() {
        channel.runPendingTasks();
        HttpResponse head = null;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int parts = 0;
        List<String> seen = new ArrayList<>();
        while (true) {
            Object msg = channel.readOutbound();
            if (msg == null) {
                throw new AssertionError("no complete response was written; saw " + seen);
            }
            seen.add(msg.getClass().getSimpleName());
            try {
                if (msg instanceof HttpResponse response) {
                    head = response;
                }
                if (msg instanceof HttpContent content) {
                    ByteBuf bytes = content.content();
                    if (bytes.isReadable()) {
                        parts++;
                        bytes.getBytes(bytes.readerIndex(), body, bytes.readableBytes());
                    }
                    if (msg instanceof LastHttpContent) {
                        break;
                    }
                }
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
        if (head == null) {
            throw new AssertionError("body without a response head: " + seen);
        }
        return new Answer(head.status(), head.headers(), body.toByteArray(), parts);
    }

    /** True when nothing more was written. */
    boolean nothingMoreWritten() {
        channel.runPendingTasks();
        Object msg = channel.readOutbound();
        ReferenceCountUtil.release(msg);
        return msg == null;
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
    }
}
