package io.certgate.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A block of IP addresses in CIDR notation (RFC 4632 §3.1, RFC 4291 §2.3): {@code 10.0.0.0/8},
 * {@code 2001:db8::/32}; a bare address is a block of one. An IPv4 block also matches the
 * IPv4-mapped IPv6 form of its addresses ({@code ::ffff:10.1.2.3}), which a dual-stack listener
 * reports for IPv4 clients.
 */
public final class Cidr {

    /** Dotted-quad only: {@link InetAddress#getByName} would also take "10.1" or a host name (and ask DNS). */
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /** The block, or why {@code text} is not one (a sentence naming the fix). */
    public static Parsed parse(String text) {
        String value = text.trim();
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        byte[] bytes = literal(address).orElse(null);
        if (bytes == null) {
            return new Parsed(null, "expected an IP address block such as 10.0.0.0/8 or 2001:db8::/32, got \"" + text + "\"");
        }
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = value.substring(slash + 1);
            if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > bits) {
                return new Parsed(null, "the prefix length of \"" + text + "\" must be a number from 0 to " + bits);
            }
            prefix = Integer.parseInt(length);
        }
        byte[] network = mask(bytes, prefix);
        if (!Arrays.equals(network, bytes)) {
            // 10.0.0.1/8 is most likely a typo for a single host or for 10.0.0.0/8: either reading silently trusts the wrong set.
            String block = addressText(network) + "/" + prefix;
            return new Parsed(null, "\"" + text + "\" has bits set after the first " + prefix + "; did you mean "
                    + block + " (the block) or " + address + " (one address)?");
        }
        return new Parsed(new Cidr(network, prefix, addressText(network) + "/" + prefix), null);
    }

    /** A parse result: the block, or the problem. */
    public record Parsed(Cidr cidr, String problem) {
        public Optional<Cidr> value() {
            return Optional.ofNullable(cidr);
        }
    }

    /** True when {@code address} is in this block. */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 16 && network.length == 4 && isIpv4Mapped(bytes)) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
        }
        if (bytes.length != network.length) {
            return false;
        }
        return Arrays.equals(mask(bytes, prefix), network);
    }

    private static boolean isIpv4Mapped(byte[] v6) {
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return false;
            }
        }
        return v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
    }

    private static Optional<byte[]> literal(String address) {
        if (!IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
            return Optional.empty();
        }
        try {
            // A literal (checked above): no name lookup happens.
            InetAddress parsed = InetAddress.getByName(address);
            if (address.contains(":") && parsed instanceof Inet4Address) {
                // "::ffff:10.0.0.0" is parsed as IPv4 by the JDK; keep the family the text had.
                byte[] v6 = new byte[16];
                v6[10] = (byte) 0xff;
                v6[11] = (byte) 0xff;
                System.arraycopy(parsed.getAddress(), 0, v6, 12, 4);
                return Optional.of(v6);
            }
            return Optional.of(parsed.getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] &= (byte) (0xff << (8 - keep));
        }
        return masked;
    }

    private static String addressText(byte[] bytes) {
        try {
            InetAddress address = bytes.length == 16 ? Inet6Address.getByAddress(null, bytes, -1) : InetAddress.getByAddress(bytes);
            return address.getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e); // only for a wrong length, which parse never makes
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr that && prefix == that.prefix && Arrays.equals(network, that.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    /** The canonical form, such as {@code 10.0.0.0/8}. */
    @Override
    public String toString() {
        return text;
    }
}
