/**
 * TLS termination: one {@link io.netty.handler.ssl.SslContext} per site (BoringSSL through
 * netty-tcnative, or the JDK's TLS), chosen by SNI; the trust manager that accepts any chain so
 * that a bad certificate still gets an HTTP answer; the CA names sent in the CertificateRequest.
 *
 * <p>TLS only proves that the client holds the key of the certificate it sent. Whether the
 * certificate is any good is the validator's job, after the handshake. Nothing here builds
 * HTTP responses.
 */
package io.certgate.tls;
