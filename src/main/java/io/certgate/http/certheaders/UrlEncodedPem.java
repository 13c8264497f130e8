package io.certgate.http.certheaders;

import io.certgate.x509.PemBlock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Certificates as URL-encoded PEM, one RFC 7468 block each, in the order given: what nginx's
 * {@code $ssl_client_escaped_cert}, Envoy's {@code Cert} and {@code Chain} and certgate's
 * {@code X-Client-Cert} carry. A space is {@code %20} (not {@code +}), so that both form and
 * path decoders read it back.
 */
public final class UrlEncodedPem {

    private UrlEncodedPem() {
    }

    public static String of(byte[] der) {
        return encode(PemBlock.toPem("CERTIFICATE", der));
    }

    /** The blocks one after another, as {@code cat a.pem b.pem} would write them. */
    public static String of(List<byte[]> ders) {
        StringBuilder pem = new StringBuilder();
        for (byte[] der : ders) {
            pem.append(PemBlock.toPem("CERTIFICATE", der));
        }
        return encode(pem.toString());
    }

    private static String encode(String pem) {
        return URLEncoder.encode(pem, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
