package io.certgate.fuzz;

import io.certgate.http.BodilessRequests;
import io.certgate.http.Exchange;
import io.certgate.http.Location;
import io.certgate.http.RequestPath;
import io.certgate.http.Site;
import io.certgate.http.proxy.ReverseProxyHandler;
import io.certgate.identity.Identity;
import io.certgate.server.EmbeddedGateway;
import io.certgate.validation.Verdict;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One client connection through the real HTTP/1.1 handlers, with every backend connection it
 * makes held in memory: bytes go in at the client's end; whatever reaches a backend is read with
 * {@link StrictRequestParser} and each complete request answered with a canned 200. Records what
 * the gate admitted to the proxy (as the router decided it) and what each backend received.
 */
final class ProxiedConnection implements AutoCloseable {

    /** A backend's answer: small, keep-alive, framed by Content-Length, numbered so that the client's copy can be found. */
    static final String ANSWER_HEAD = "HTTP/1.1 200 OK\r\nX-Answer: %d\r\nContent-Length: 2\r\n\r\n";
    static final String ANSWER_BODY = "ok";

    /**
     * A request the gate let through to a proxy location, as the router decided it.
     *
     * @param index which request of the connection it is (0 the first the codec decoded)
     */
    record Admitted(int index, String method, String uri, Optional<String> host, Site site, Location location,
                    RequestPath path, Identity identity, Optional<Verdict> verdict) {
    }

    /** One backend connection certgate opened, and every byte it wrote to it. */
    static final class Backend {
        final EmbeddedChannel channel;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        /** For each write certgate made, where its bytes start in {@link #received} and its place among all backends' writes. */
        final List<int[]> writes = new ArrayList<>();
        int answered;

        Backend(EmbeddedChannel channel) {
            this.channel = channel;
        }

        /** The place, among all writes to all backends, of the write that carried the byte at {@code offset}. */
        int writeNumberAt(int offset) {
            int number = -1;
            for (int[] write : writes) {
                if (write[0] <= offset) {
                    number = write[1];
                }
            }
            return number;
        }

        StrictRequestParser.Reading reading() {
            return StrictRequestParser.read(received.toByteArray(), StrictRequestParser.Mode.STRICT);
        }
    }

    final EmbeddedChannel client;
    final TrackingAllocator allocator = new TrackingAllocator();
    final List<Backend> backends = new ArrayList<>();
    final List<Admitted> admitted = new ArrayList<>();
    /** How many answers the backends gave, numbered from 0 in {@code X-Answer}. */
    int answers;
    /** Writes to backends so far, numbered across all of them. */
    private int backendWrites;
    final ByteArrayOutputStream toClient = new ByteArrayOutputStream();
    /** Each request the codec decoded, by identity, with its place on the connection. */
    private final Map<HttpRequest, Integer> decoded = new IdentityHashMap<>();

    ProxiedConnection(EmbeddedGateway gateway, String serverName, List<X509Certificate> chain) {
        client = gateway.http1(serverName, chain, this::dial, allocator);
        String proxy = client.pipeline().context(ReverseProxyHandler.class).name();
        client.pipeline().addBefore(proxy, "admitted", new AdmittedRequests());
        // After the codec and the merge of bodiless requests: the request objects the rest of the gate sees.
        String decoder = client.pipeline().context(BodilessRequests.class).name();
        client.pipeline().addAfter(decoder, "decoded", new DecodedRequests());
    }

    private ChannelFuture dial(EventLoop loop, io.certgate.config.ProxyConfig config, ChannelHandler handler) {
        EmbeddedChannel channel = new OnClientLoop(loop);
        channel.config().setAllocator(allocator);
        Backend backend = new Backend(channel);
        channel.pipeline().addLast(new WriteOrder(backend), handler);
        backends.add(backend);
        return channel.newSucceededFuture();
    }

    /** One read of the client's connection, then everything it sets off. */
    void read(byte[] bytes) {
        if (!client.isOpen()) {
            return;
        }
        client.writeInbound(allocator.buffer(bytes.length).writeBytes(bytes));
        settle();
    }

    /** The client goes away: its connection closes, and what that sets off runs. */
    void hangUp() {
        client.close();
        settle();
    }

    /** Runs both ends until neither has anything more to do. */
    private void settle() {
        boolean progress = true;
        while (progress) {
            progress = false;
            client.runPendingTasks();
            drain(client, toClient);
            for (Backend backend : List.copyOf(backends)) {
                backend.channel.runPendingTasks();
                drain(backend.channel, backend.received);
                List<StrictRequestParser.Request> complete = backend.reading().requests();
                while (backend.answered < complete.size() && backend.channel.isOpen()) {
                    answer(backend, complete.get(backend.answered++));
                    progress = true;
                }
            }
        }
    }

    private void answer(Backend backend, StrictRequestParser.Request request) {
        String answer = ANSWER_HEAD.formatted(answers++) + (request.method().equals("HEAD") ? "" : ANSWER_BODY);
        byte[] bytes = answer.getBytes(StandardCharsets.US_ASCII);
        backend.channel.writeInbound(allocator.buffer(bytes.length).writeBytes(bytes));
    }

    private static void drain(EmbeddedChannel channel, ByteArrayOutputStream into) {
        Object msg;
        while ((msg = channel.readOutbound()) != null) {
            try {
                if (msg instanceof ByteBuf bytes) {
                    byte[] copy = new byte[bytes.readableBytes()];
                    bytes.getBytes(bytes.readerIndex(), copy);
                    into.write(copy, 0, copy.length);
                } else {
                    throw new AssertionError("a channel wrote something other than bytes: " + msg);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    /** Closes and drains both ends; what any channel still held is released. */
    @Override
    public void close() {
        client.finishAndReleaseAll();
        // Closing a backend can make the pool dial another (a retry), so the list may grow meanwhile.
        for (int closed = 0; closed < backends.size(); closed++) {
            backends.get(closed).channel.finishAndReleaseAll();
        }
    }

    /**
     * Next to the wire of a backend connection: numbers each write across all backends, so that
     * the requests can be put back in the order certgate sent them (a pipelined request may start
     * on a new backend connection before the previous one is back in the pool).
     */
    private final class WriteOrder extends ChannelOutboundHandlerAdapter {
        private final Backend backend;
        /** Bytes written to this backend so far: where the next write starts in what it receives. */
        private int written;

        WriteOrder(Backend backend) {
            this.backend = backend;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
                backend.writes.add(new int[] {written, backendWrites++});
                written += bytes.readableBytes();
            }
            ctx.write(msg, promise);
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    /**
     * A backend connection that says it runs on the client's event loop, as a real one does (the
     * pool keeps idle connections per event loop): so that it is pooled and reused as in production.
     */
    private static final class OnClientLoop extends EmbeddedChannel {
        private final EventLoop clientLoop;

        OnClientLoop(EventLoop clientLoop) {
            this.clientLoop = clientLoop;
        }

        @Override
        public EventLoop eventLoop() {
            return clientLoop == null ? super.eventLoop() : clientLoop; // null while the superclass registers
        }
    }

    /** Numbers the requests as the codec decodes them. */
    private final class DecodedRequests extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                decoded.put(request, decoded.size());
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** Notes each request the gate (and the static files before the proxy) passed on to a proxy location. */
    private final class AdmittedRequests extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                Exchange exchange = Exchange.current(ctx.channel());
                Optional<Location> location = exchange.location().filter(l -> l.proxy() != null);
                if (location.isPresent()) {
                    admitted.add(new Admitted(decoded.getOrDefault(request, -1), request.method().name(), request.uri(),
                            Optional.ofNullable(request.headers().get(HttpHeaderNames.HOST)), exchange.site().orElseThrow(),
                            location.get(), exchange.path().orElseThrow(),
                            exchange.decision().map(d -> d.identity()).orElse(Identity.ANONYMOUS), exchange.verdict()));
                }
            }
            ctx.fireChannelRead(msg);
        }
    }
}
