package io.certgate.testing;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend that records exactly what reaches it, run as its own process
 * ({@link RecordingBackendProcess}): a plain TCP server with its own strict HTTP/1.1 parser
 * ({@link StrictRequestParser}), no HTTP library, so that what it records is the bytes on the
 * wire and not one library's reading of them. Usage: {@code RecordingBackend RECORD-FILE}; it
 * prints "recording backend listening on PORT".
 *
 * <p>For each connection it appends to the record file, flushed line by line: its opening; every
 * complete request (request line, every field as received, body bytes, trailers);
 * the bytes of a request not yet complete after each read ({@link Partial}); and its end,
 * with the bytes that were left unparsed (a request cut short) and the parser's reason when it
 * refused the bytes (it then closes the connection). Each complete request is answered
 * {@code HTTP/1.1 200 OK} with Content-Length, keep-alive, and the body
 * {@link #answerBody "connection C request I: REQUEST-LINE"}, so that a client can tell whose
 * answer it got. A target containing {@code /http10/} is answered as an HTTP/1.0 server does:
 * status line {@code HTTP/1.0 200 OK}, Content-Length, no Connection header, then close. A
 * target containing {@code /early-hints/} is first sent {@code 103 Early Hints} (RFC 8297), as
 * Node, Go, Puma and h2o can. A {@code CONNECT} whose target contains {@code /tunnel/} is answered
 * {@code 200 Connection established} without a body, as a server that then relays the connection
 * does (Go's net/rpc answers {@code CONNECT /_goRPC_} so); this backend keeps reading and
 * recording requests on it, so that whatever a gateway sends into the tunnel shows.
 */
public final class RecordingBackend {

    /** Read size; any value works, since requests are parsed from an accumulating buffer. */
    private static final int READ_BYTES = 16 * 1024;
    /** The backlog: certgate opens a few connections at a time; the default would do as well. */
    private static final int BACKLOG = 128;
    /** How much of a pending request a {@link Partial} record keeps: enough for its head. */
    public static final int PARTIAL_HEAD_BYTES = 4096;
    /** The marker in a target that asks for an HTTP/1.0 answer. */
    public static final String HTTP10 = "/http10/";
    /** The marker in a target that asks for a 103 Early Hints before the answer. */
    public static final String EARLY_HINTS = "/early-hints/";
    /** The marker in a CONNECT target that asks for a tunnel's answer (200, no body). */
    public static final String TUNNEL = "/tunnel/";

    private final AtomicInteger connections = new AtomicInteger();
    private final OutputStream record;

    private RecordingBackend(OutputStream record) {
        this.record = record;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: RecordingBackend RECORD-FILE");
            System.exit(2);
        }
        RecordingBackend backend = new RecordingBackend(new FileOutputStream(Path.of(args[0]).toFile(), true));
        try (ServerSocket server = new ServerSocket(0, BACKLOG, InetAddress.getLoopbackAddress())) {
            System.out.println("recording backend listening on " + server.getLocalPort());
            System.out.flush();
            while (true) {
                Socket socket = server.accept();
                int id = backend.connections.incrementAndGet();
                Thread thread = new Thread(() -> backend.serve(socket, id), "connection-" + id);
                thread.setDaemon(true);
                thread.start();
            }
        }
    }

    /** The body of the answer to request {@code index} of connection {@code connection}. */
    public static String answerBody(int connection, int index, String requestLine) {
        return "connection " + connection + " request " + index + ": " + requestLine + "\n";
    }

    private void serve(Socket socket, int id) {
        write(RecordingJson.opened(id));
        byte[] buffer = new byte[READ_BYTES];
        int length = 0;
        int requests = 0;
        String error = null;
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            boolean open = true;
            boolean unrecorded = false;
            while (open) {
                StrictRequestParser.Result result = StrictRequestParser.parse(buffer, length);
                if (result instanceof StrictRequestParser.Complete complete) {
                    Received request = complete.message().on(id, ++requests);
                    write(RecordingJson.request(request));
                    length -= complete.consumed();
                    System.arraycopy(buffer, complete.consumed(), buffer, 0, length);
                    open = answer(out, request);
                } else if (result instanceof StrictRequestParser.Malformed malformed) {
                    error = malformed.reason();
                    open = false;
                } else {
                    if (unrecorded && length > 0) {
                        write(RecordingJson.partial(new Partial(id, length,
                                Arrays.copyOf(buffer, Math.min(length, PARTIAL_HEAD_BYTES)))));
                    }
                    unrecorded = false;
                    if (length == buffer.length) {
                        buffer = Arrays.copyOf(buffer, buffer.length * 2);
                    }
                    int n = in.read(buffer, length, buffer.length - length);
                    if (n < 0) {
                        open = false;
                    } else {
                        length += n;
                        unrecorded = true;
                    }
                }
            }
        } catch (IOException e) {
            // A reset or an abort by the peer ends the connection like a close: what was pending is recorded below.
        }
        write(RecordingJson.end(new ConnectionEnd(id, requests, error, Arrays.copyOf(buffer, length))));
    }

    /** Writes the answer; false when the connection ends with it. */
    private static boolean answer(OutputStream out, Received request) throws IOException {
        if (request.method().equals("CONNECT") && request.target().contains(TUNNEL)) {
            out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return true;
        }
        if (request.target().contains(EARLY_HINTS)) {
            out.write("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        boolean http10 = request.target().contains(HTTP10);
        byte[] body = answerBody(request.connection(), request.index(), request.requestLine())
                .getBytes(StandardCharsets.ISO_8859_1);
        boolean close = http10 || request.headers("Connection").stream().anyMatch(v -> v.equalsIgnoreCase("close"))
                || request.version().equals("HTTP/1.0");
        String head = (http10 ? "HTTP/1.0 200 OK\r\n" : "HTTP/1.1 200 OK\r\n")
                + "Content-Type: text/plain; charset=iso-8859-1\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + (http10 ? "" : close ? "Connection: close\r\n" : "Connection: keep-alive\r\n")
                + "X-Recorded-Connection: " + request.connection() + "\r\n"
                + "X-Recorded-Request: " + request.index() + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        if (!request.method().equals("HEAD")) {
            out.write(body);
        }
        out.flush();
        return !close;
    }

    /** One line per event, in one write, so that a reader sees whole lines. */
    private void write(String json) {
        byte[] line = (json + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (record) {
            try {
                record.write(line);
                record.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot write the record file", e);
            }
        }
    }
}
