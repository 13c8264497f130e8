package io.certgate.proxyprotocol;

import io.certgate.config.ProxyProtocolVersion;
import io.netty.buffer.ByteBuf;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a PROXY protocol header (HAProxy's proxy-protocol.txt) from the start of a connection's
 * bytes, without consuming them: a pure function of the bytes so far, asked again as more
 * arrive. Bounded: it looks at no more than {@link #MAX_V1_LENGTH} or {@link #MAX_V2_LENGTH}
 * bytes, and answers as soon as the bytes so far settle it (the first byte of a TLS ClientHello
 * is refused at once). Never throws on any input.
 */
public final class ProxyHeaderParser {

    /** §2.1: "the maximum line length is 107 characters including the CRLF". */
    public static final int MAX_V1_LENGTH = 107;
    /** §2.2: the 12-byte signature, version and command, family, and the 2-byte length. */
    static final int V2_FIXED_LENGTH = 16;
    /** §2.2: the largest address block, AF_UNIX's two 108-byte paths. */
    static final int V2_LARGEST_ADDRESSES = 216;
    /**
     * TLVs (§2.2.1) are skipped, up to this many bytes: the ones load balancers send (AWS's VPC
     * endpoint ID, Azure's link ID, HAProxy's SSL and unique-id TLVs) take tens to a few hundred
     * bytes; a 64 KiB header allowed by the length field would be memory held per connection for nothing.
     */
    public static final int MAX_V2_TLV_BYTES = 2048;
    /** The longest version 2 header read. */
    public static final int MAX_V2_LENGTH = V2_FIXED_LENGTH + V2_LARGEST_ADDRESSES + MAX_V2_TLV_BYTES;

    private static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    /** §2.2: "\r\n\r\n\0\r\nQUIT\n". */
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private ProxyHeaderParser() {
    }

    /** What the bytes so far say. */
    public sealed interface Result permits NeedMore, Parsed, Refused {
    }

    /** Not settled yet: wait for more bytes. */
    public record NeedMore() implements Result {
    }

    /** A complete header, the first {@code header.length()} bytes. */
    public record Parsed(ProxyHeader header) implements Result {
    }

    /** Not an acceptable header: the connection is to be closed. */
    public record Refused(Refusal reason, String detail) implements Result {
    }

    private static final NeedMore NEED_MORE = new NeedMore();

    /** Parses the readable bytes of {@code in} (left unread), accepting the {@code allowed} versions. */
    public static Result parse(ByteBuf in, Set<ProxyProtocolVersion> allowed) {
        if (!in.isReadable()) {
            return NEED_MORE;
        }
        byte first = in.getByte(in.readerIndex());
        if (first == V1_PREFIX[0]) {
            Result start = start(in, V1_PREFIX, ProxyProtocolVersion.V1, allowed);
            return start != null ? start : v1(in);
        }
        if (first == V2_SIGNATURE[0]) {
            Result start = start(in, V2_SIGNATURE, ProxyProtocolVersion.V2, allowed);
            return start != null ? start : v2(in);
        }
        return notProxy(first);
    }

    /** Null when {@code in} starts with the whole {@code prefix} of an allowed version; else what to answer. */
    private static Result start(ByteBuf in, byte[] prefix, ProxyProtocolVersion version, Set<ProxyProtocolVersion> allowed) {
        int available = Math.min(in.readableBytes(), prefix.length);
        for (int i = 0; i < available; i++) {
            if (in.getByte(in.readerIndex() + i) != prefix[i]) {
                return notProxy(in.getByte(in.readerIndex()));
            }
        }
        if (available < prefix.length) {
            return NEED_MORE;
        }
        if (!allowed.contains(version)) {
            return new Refused(Refusal.VERSION_NOT_ALLOWED, "a version " + version.number()
                    + " PROXY header, and this listener accepts only version " + other(version).number());
        }
        return null;
    }

    private static ProxyProtocolVersion other(ProxyProtocolVersion version) {
        return version == ProxyProtocolVersion.V1 ? ProxyProtocolVersion.V2 : ProxyProtocolVersion.V1;
    }

    private static Refused notProxy(byte first) {
        return new Refused(Refusal.NOT_PROXY_PROTOCOL, String.format(
                "the connection does not start with a PROXY header (first byte 0x%02x%s)", first & 0xff,
                first == 0x16 ? ", a TLS handshake: the client did not come through the load balancer" : ""));
    }

    /** §2.1: "PROXY" SP ("TCP4" | "TCP6") SP src SP dst SP sport SP dport CRLF, or "PROXY UNKNOWN" ... CRLF. */
    private static Result v1(ByteBuf in) {
        int start = in.readerIndex();
        int window = Math.min(in.readableBytes(), MAX_V1_LENGTH);
        int lf = -1;
        for (int i = 0; i < window; i++) {
            byte b = in.getByte(start + i);
            if (b == '\n') {
                lf = i;
                break;
            }
            if (b < 0x20 && b != '\r' || b > 0x7e) {
                return malformed(String.format("byte 0x%02x at offset %d of a version 1 header", b & 0xff, i));
            }
        }
        if (lf < 0) {
            return window >= MAX_V1_LENGTH
                    ? new Refused(Refusal.TOO_LONG, "no CRLF within " + MAX_V1_LENGTH + " bytes of a version 1 header")
                    : NEED_MORE;
        }
        if (lf == 0 || in.getByte(start + lf - 1) != '\r') {
            return malformed("a version 1 header must end with CRLF");
        }
        String line = in.toString(start, lf - 1, StandardCharsets.US_ASCII);
        if (line.indexOf('\r') >= 0) {
            return malformed("a CR inside a version 1 header");
        }
        String[] fields = line.split(" ", -1);
        int length = lf + 1;
        if (fields.length >= 2 && fields[1].equals("UNKNOWN")) {
            // §2.1: "the receiver must ignore anything presented before the CRLF"; the socket's addresses count.
            return new Parsed(new ProxyHeader(ProxyProtocolVersion.V1, Optional.empty(), Optional.empty(), length));
        }
        if (fields.length < 2 || !fields[1].equals("TCP4") && !fields[1].equals("TCP6")) {
            return malformed("a version 1 header names TCP4, TCP6 or UNKNOWN, got \"" + printable(fields.length < 2 ? "" : fields[1]) + "\"");
        }
        if (fields.length != 6) {
            return malformed("a version 1 " + fields[1] + " header has 4 fields after the protocol (addresses and ports),"
                    + " got " + (fields.length - 2) + " (separated by single spaces)");
        }
        boolean ipv4 = fields[1].equals("TCP4");
        Optional<InetAddress> source = v1Address(fields[2], ipv4);
        Optional<InetAddress> destination = v1Address(fields[3], ipv4);
        int sourcePort = v1Port(fields[4]);
        int destinationPort = v1Port(fields[5]);
        if (source.isEmpty() || destination.isEmpty()) {
            return malformed("\"" + printable(source.isEmpty() ? fields[2] : fields[3]) + "\" is not an "
                    + (ipv4 ? "IPv4" : "IPv6") + " address, as " + fields[1] + " says");
        }
        if (sourcePort < 0 || destinationPort < 0) {
            return malformed("\"" + printable(sourcePort < 0 ? fields[4] : fields[5]) + "\" is not a port (0 to 65535)");
        }
        return new Parsed(new ProxyHeader(ProxyProtocolVersion.V1,
                Optional.of(new InetSocketAddress(source.get(), sourcePort)),
                Optional.of(new InetSocketAddress(destination.get(), destinationPort)), length));
    }

    private static Optional<InetAddress> v1Address(String text, boolean ipv4) {
        boolean valid = ipv4 ? NetUtil.isValidIpV4Address(text) : NetUtil.isValidIpV6Address(text) && text.indexOf('%') < 0
                && text.indexOf('[') < 0;
        if (!valid) {
            return Optional.empty();
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
        return bytes == null || bytes.length != (ipv4 ? 4 : 16) ? Optional.empty() : address(bytes);
    }

    /** A decimal port without sign or leading zeros, or -1. */
    private static int v1Port(String text) {
        if (text.isEmpty() || text.length() > 5 || text.length() > 1 && text.charAt(0) == '0') {
            return -1;
        }
        int port = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            port = port * 10 + (c - '0');
        }
        return port <= 65535 ? port : -1;
    }

    /** §2.2: signature, version and command, family and transport, length, addresses, TLVs. */
    private static Result v2(ByteBuf in) {
        if (in.readableBytes() < V2_FIXED_LENGTH) {
            return NEED_MORE;
        }
        int start = in.readerIndex();
        int versionCommand = in.getUnsignedByte(start + 12);
        int family = in.getUnsignedByte(start + 13);
        int addressLength = in.getUnsignedShort(start + 14);
        if (versionCommand >> 4 != 2) {
            return malformed("version " + (versionCommand >> 4) + " after the version 2 signature (only 2 is defined)");
        }
        int command = versionCommand & 0x0f;
        if (command > 1) {
            return malformed("command " + command + " (0 is LOCAL, 1 is PROXY)");
        }
        int length = V2_FIXED_LENGTH + addressLength;
        if (length > MAX_V2_LENGTH) {
            return new Refused(Refusal.TOO_LONG, "a version 2 header of " + length + " bytes (at most " + MAX_V2_LENGTH
                    + " are read: " + MAX_V2_TLV_BYTES + " bytes of TLVs after the addresses)");
        }
        if (in.readableBytes() < length) {
            return NEED_MORE;
        }
        if (command == 0) {
            // LOCAL: the proxy's own connection (a health check); §2.2: the address block is ignored.
            return socketAddresses(length);
        }
        int at = start + V2_FIXED_LENGTH;
        return switch (family) {
            case 0x00 -> socketAddresses(length); // AF_UNSPEC: §2.2, the receiver uses the socket's addresses
            case 0x11, 0x12 -> addressLength < 12 ? shortBlock(addressLength, 12)
                    : inet(in, at, 4, length);
            case 0x21, 0x22 -> addressLength < 36 ? shortBlock(addressLength, 36)
                    : inet(in, at, 16, length);
            // AF_UNIX: a path says nothing an access log or X-Forwarded-For could carry; the socket's addresses count.
            case 0x31, 0x32 -> addressLength < 216 ? shortBlock(addressLength, 216) : socketAddresses(length);
            default -> malformed(String.format("address family and transport 0x%02x (defined: 0x00, 0x11, 0x12,"
                    + " 0x21, 0x22, 0x31, 0x32)", family));
        };
    }

    private static Result inet(ByteBuf in, int at, int size, int length) {
        byte[] source = new byte[size];
        byte[] destination = new byte[size];
        in.getBytes(at, source);
        in.getBytes(at + size, destination);
        int sourcePort = in.getUnsignedShort(at + 2 * size);
        int destinationPort = in.getUnsignedShort(at + 2 * size + 2);
        return new Parsed(new ProxyHeader(ProxyProtocolVersion.V2,
                Optional.of(new InetSocketAddress(address(source).orElseThrow(), sourcePort)),
                Optional.of(new InetSocketAddress(address(destination).orElseThrow(), destinationPort)), length));
    }

    private static Parsed socketAddresses(int length) {
        return new Parsed(new ProxyHeader(ProxyProtocolVersion.V2, Optional.empty(), Optional.empty(), length));
    }

    private static Refused shortBlock(int got, int needed) {
        return malformed("an address block of " + got + " bytes where the family needs " + needed);
    }

    private static Optional<InetAddress> address(byte[] bytes) {
        try {
            return Optional.of(InetAddress.getByAddress(bytes)); // 4 or 16 bytes: no name lookup, cannot fail
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Refused malformed(String detail) {
        return new Refused(Refusal.MALFORMED, detail);
    }

    /** At most 40 characters of client text, for a detail that goes to a log. */
    private static String printable(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
