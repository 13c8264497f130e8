package io.certgate.http;

import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request IDs ({@code Certgate-Request-Id}, {@code X-Request-Id} to backends, {@code requestId} in
 * the access log): 32 lower-case hex digits, 16 random per process (from {@link SecureRandom},
 * so two processes, or one restarted, never share IDs) followed by 16 per request from
 * {@link ThreadLocalRandom}, so that neighbouring IDs cannot be guessed from one another. An ID
 * only names a request, it authorizes nothing, so a non-cryptographic generator is enough; it is
 * made on every request's path, where SecureRandom's lock would cost more than the rest of the
 * ID (measured: {@code RequestIdBenchmark}).
 */
public final class RequestIds {

    /** The header every answer carries. */
    public static final String RESPONSE_HEADER = "Certgate-Request-Id";
    /** The header a backend receives (any copy the client sent is removed first). */
    public static final String BACKEND_HEADER = "X-Request-Id";

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char[] PROCESS = new char[16];

    static {
        hex(new SecureRandom().nextLong(), PROCESS, 0);
    }

    private RequestIds() {
    }

    /** A new ID. */
    public static String next() {
        char[] id = new char[32];
        System.arraycopy(PROCESS, 0, id, 0, 16);
        hex(ThreadLocalRandom.current().nextLong(), id, 16);
        return new String(id);
    }

    private static void hex(long value, char[] into, int at) {
        for (int i = 15; i >= 0; i--) {
            into[at + i] = HEX[(int) (value & 0xf)];
            value >>>= 4;
        }
    }
}
