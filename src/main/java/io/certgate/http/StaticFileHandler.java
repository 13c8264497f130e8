package io.certgate.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.stream.ChunkedNioFile;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Date;
import java.util.Optional;

/**
 * Serves the files of a location's root, as an IIS virtual directory (nginx's {@code alias}):
 * the location's path maps to the root, so {@code /public/a.css} under {@code path: /public}
 * is {@code ROOT/a.css}. GET and HEAD only (405 otherwise); {@code index.html} for directories;
 * ETag and Last-Modified with conditional GET (304). A path can never leave the root: the
 * request path is normalized first, and the file's real path (symbolic links resolved) must lie
 * inside the root's real path.
 */
public final class StaticFileHandler extends ChannelInboundHandlerAdapter {

    static final String INDEX = "index.html";
    /** Files up to this size go out as one buffer; larger ones are streamed in chunks. */
    static final int WHOLE_FILE_LIMIT = 64 * 1024;
    private static final int CHUNK_SIZE = 16 * 1024;

    /**
     * Headers of responses built here: names are constants and values come from the file system
     * or the cache, not from the client, so Netty's per-value validation is skipped.
     */
    private static final io.netty.handler.codec.http.DefaultHttpHeadersFactory RESPONSE_HEADERS =
            io.netty.handler.codec.http.DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    private final FileCache cache;
    private final DiscardedBody servedBody = new DiscardedBody();

    public StaticFileHandler(FileCache cache) {
        this.cache = cache;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            Exchange exchange = Exchange.current(ctx.channel());
            Optional<Location> location = exchange.location();
            if (location.isEmpty() || location.get().staticRoot() == null) {
                ctx.fireChannelRead(msg);
                return;
            }
            servedBody.after(request);
            try {
                serve(ctx, request, exchange.path().orElseThrow(), location.get());
            } finally {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        if (!servedBody.drop(msg)) {
            ctx.fireChannelRead(msg);
        }
    }

    private void serve(ChannelHandlerContext ctx, HttpRequest request, RequestPath path, Location location) {
        String accept = request.headers().get(HttpHeaderNames.ACCEPT);
        boolean head = request.method().equals(HttpMethod.HEAD);
        if (!head && !request.method().equals(HttpMethod.GET)) {
            FullHttpResponse response = ErrorResponses.plain(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "static files answer GET and HEAD only", accept);
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            RequestGate.respond(ctx, request, response);
            return;
        }
        String relative = path.normalized().substring(location.prefix().equals("/") ? 1 : location.prefix().length());
        if (relative.startsWith("/")) {
            relative = relative.substring(1);
        }
        Path root = location.staticRoot();
        try {
            FileCache.Found found = cache.find(root, relative);
            if (found.real() == null) {
                notFound(ctx, request, accept); // a link out of the root
                return;
            }
            if (!found.attributes().isDirectory() && path.normalized().endsWith("/")) {
                notFound(ctx, request, accept); // "/file.txt/" names a directory that is not there, as nginx says
                return;
            }
            if (found.attributes().isDirectory()) {
                if (!path.normalized().endsWith("/")) {
                    redirectToDirectory(ctx, request, path);
                    return;
                }
                found = cache.find(root, relative.isEmpty() ? INDEX : relative + INDEX);
                if (found.real() == null) {
                    notFound(ctx, request, accept);
                    return;
                }
            }
            if (!found.attributes().isRegularFile()) {
                notFound(ctx, request, accept);
                return;
            }
            // A streamed file's length goes out before its bytes, so it is read fresh: a file cut
            // short within the window would otherwise leave the answer unfinished. One stat is
            // nothing next to streaming more than WHOLE_FILE_LIMIT bytes.
            BasicFileAttributes attributes = found.attributes().size() > WHOLE_FILE_LIMIT
                    ? Files.readAttributes(found.real(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    : found.attributes();
            send(ctx, request, found.real(), cache.metadata(found.real(), attributes), head);
        } catch (NoSuchFileException | java.nio.file.InvalidPathException e) {
            notFound(ctx, request, accept);
        } catch (IOException | SecurityException e) {
            RequestGate.respond(ctx, request, ErrorResponses.plain(ctx, HttpResponseStatus.FORBIDDEN,
                    "the file cannot be read", accept));
        }
    }

    private void send(ChannelHandlerContext ctx, HttpRequest request, Path file, FileCache.Metadata file200,
                      boolean head) throws IOException {
        if (notModified(request.headers(), file200.etag(), file200.modifiedMillis())) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED,
                    Unpooled.EMPTY_BUFFER, RESPONSE_HEADERS.newHeaders(), RESPONSE_HEADERS.newEmptyHeaders());
            // RFC 9110 §8.6 lets a 304 carry the representation's length; it also tells keep-alive
            // handling that no body follows.
            response.headers().set(HttpHeaderNames.ETAG, file200.etag())
                    .set(HttpHeaderNames.LAST_MODIFIED, file200.lastModified())
                    .set(HttpHeaderNames.CONTENT_LENGTH, file200.size());
            ctx.writeAndFlush(response);
            return;
        }
        HttpHeaders headers = RESPONSE_HEADERS.newHeaders()
                .set(HttpHeaderNames.CONTENT_TYPE, file200.contentType())
                .set(HttpHeaderNames.CONTENT_LENGTH, file200.size())
                .set(HttpHeaderNames.ETAG, file200.etag())
                .set(HttpHeaderNames.LAST_MODIFIED, file200.lastModified());
        if (head || file200.bytes() != null) {
            ByteBuf content = head ? Unpooled.EMPTY_BUFFER : file200.bytes().duplicate();
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, content,
                    headers, RESPONSE_HEADERS.newEmptyHeaders()));
            return;
        }
        // Large files stream in chunks; the chunk pump joins the pipeline only when first needed,
        // so that the small-file path does not queue every write through it.
        if (ctx.pipeline().get(ChunkedWriteHandler.class) == null) {
            ctx.pipeline().addBefore(ctx.name(), "chunked-writes", new ChunkedWriteHandler());
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        ctx.write(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, headers));
        ctx.writeAndFlush(new HttpChunkedInput(new ChunkedNioFile(channel, 0, file200.size(), CHUNK_SIZE)))
                .addListener(f -> channel.close());
    }

    /** RFC 9110 §13.1.2 and §13.1.3: If-None-Match wins over If-Modified-Since. */
    private static boolean notModified(HttpHeaders headers, CharSequence etag, long modifiedMillis) {
        String ifNoneMatch = headers.get(HttpHeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch != null) {
            for (String candidate : ifNoneMatch.split(",")) {
                String tag = candidate.trim();
                if (tag.startsWith("W/")) {
                    tag = tag.substring(2);
                }
                if (tag.equals("*") || tag.contentEquals(etag)) {
                    return true;
                }
            }
            return false;
        }
        String ifModifiedSince = headers.get(HttpHeaderNames.IF_MODIFIED_SINCE);
        if (ifModifiedSince != null) {
            Date since = DateFormatter.parseHttpDate(ifModifiedSince);
            return since != null && modifiedMillis / 1000 <= since.getTime() / 1000;
        }
        return false;
    }

    private static void redirectToDirectory(ChannelHandlerContext ctx, HttpRequest request, RequestPath path) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.MOVED_PERMANENTLY);
        // Built from the normalized path, re-encoded: echoing the raw target could make "//host" a redirect off-site.
        String target = Uris.encodePath(path.normalized()) + "/" + (path.query().isEmpty() ? "" : "?" + path.query());
        response.headers().set(HttpHeaderNames.LOCATION, target).setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        RequestGate.respond(ctx, request, response);
    }

    private static void notFound(ChannelHandlerContext ctx, HttpRequest request, String accept) {
        RequestGate.respond(ctx, request, ErrorResponses.plain(ctx, HttpResponseStatus.NOT_FOUND, "", accept));
    }
}
