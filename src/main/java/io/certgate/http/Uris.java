package io.certgate.http;

import java.nio.charset.StandardCharsets;

/** Percent-encoding for paths that certgate itself puts into headers. */
final class Uris {

    private static final String PATH_SAFE = "-._~!$&'()*+,;=:@/";

    private Uris() {
    }

    /** Encodes everything but unreserved characters, sub-delimiters, ':', '@' and '/' (RFC 3986 §3.3). */
    static String encodePath(String path) {
        StringBuilder out = new StringBuilder(path.length());
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || PATH_SAFE.indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
