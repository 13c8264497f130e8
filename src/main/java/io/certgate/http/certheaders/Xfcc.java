package io.certgate.http.certheaders;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Envoy's {@code X-Forwarded-Client-Cert} element for one client, written the way Envoy writes
 * it with {@code forward_client_cert_details: SANITIZE_SET} and every
 * {@code set_current_client_cert_details} on (Envoy's "HTTP header manipulation" documentation,
 * and {@code ConnectionManagerUtility::mutateXfccRequestHeader}): key=value pairs joined by
 * {@code ;}, in Envoy's order {@code By}, {@code Hash}, {@code Cert}, {@code Chain},
 * {@code Subject}, {@code URI}, {@code DNS}.
 *
 * <p>Envoy's documentation: "If ',', ';' or '=' appear in a value, the value should be
 * double-quoted. Double-quotes in the value should be replaced by backslash-double-quote". A
 * quoted value here is an RFC 9110 §5.6.4 quoted-string: {@code "} and {@code \} inside it are
 * preceded by {@code \}, so that a parser reads back exactly the text (an RFC 4514 subject
 * already holds {@code \} escapes of its own). {@code Subject}, {@code Cert} and {@code Chain}
 * are always quoted, as Envoy quotes them.
 */
public final class Xfcc {

    public static final String HEADER = "X-Forwarded-Client-Cert";

    private Xfcc() {
    }

    /**
     * The element.
     *
     * @param by the URI subjectAltNames of certgate's own server certificate (one {@code By} each;
     *           none without)
     * @param sha256Hex the SHA-256 of the client certificate's DER, lower-case hex
     * @param subject the client certificate's subject as RFC 4514 text
     * @param uris its URI subjectAltNames ({@code URI=} stays, empty, when it has none, as Envoy's does)
     * @param dnsNames its DNS subjectAltNames
     * @param chain the certificates the client sent, DER, its own first ({@code Chain} includes it)
     */
    public static String element(List<String> by, String sha256Hex, String subject, List<String> uris,
                                 List<String> dnsNames, List<byte[]> chain) {
        List<String> pairs = new ArrayList<>();
        by.forEach(uri -> pairs.add("By=" + value(uri)));
        pairs.add("Hash=" + sha256Hex);
        pairs.add("Cert=" + quoted(UrlEncodedPem.of(chain.get(0))));
        pairs.add("Chain=" + quoted(UrlEncodedPem.of(chain)));
        pairs.add("Subject=" + quoted(subject));
        if (uris.isEmpty()) {
            pairs.add("URI=");
        }
        uris.forEach(uri -> pairs.add("URI=" + value(uri)));
        dnsNames.forEach(dns -> pairs.add("DNS=" + value(dns)));
        return String.join(";", pairs);
    }

    /** A value bare when it is a run of visible ASCII without separators or quotes, quoted otherwise. */
    static String value(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == ',' || c == ';' || c == '=' || c == '"' || c == '\\') {
                return quoted(text);
            }
        }
        return text;
    }

    /**
     * An RFC 9110 §5.6.4 quoted-string. A character no header may carry (a control, or anything
     * beyond ASCII, which only a name from certgate's own certificate could hold: the client's
     * names passed the RFC 5280 syntax checks) is written as {@code %XX} of its UTF-8 bytes, as a
     * URI would carry it, so that no value ever holds a CR or LF.
     */
    static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                int codePoint = Character.isHighSurrogate(c) && i + 1 < text.length()
                        ? Character.toCodePoint(c, text.charAt(++i)) : c;
                for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
                }
            }
        }
        return out.append('"').toString();
    }
}
