package io.certgate.testing;

/**
 * A TLS handshake a {@link RecordingBackend} in TLS mode completed: who the client said it was,
 * and what it asked for.
 *
 * @param connection the connection's id
 * @param clientSubject the subject of the client's certificate (RFC 2253, as the JDK prints it)
 * @param serverName the SNI host name the client sent; empty for none
 * @param protocol the TLS version agreed ({@code TLSv1.3})
 * @param applicationProtocol the ALPN protocol agreed; empty for none
 */
public record TlsSession(int connection, String clientSubject, String serverName, String protocol,
                         String applicationProtocol) {
}
