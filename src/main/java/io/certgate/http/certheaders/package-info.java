/**
 * The client's certificate written in the header formats backends read ({@code
 * identityHeaders.formats}): RFC 9440's {@code Client-Cert} and {@code Client-Cert-Chain}, Envoy's
 * {@code X-Forwarded-Client-Cert}, and the URL-encoded PEM of certgate's own {@code X-Client-Cert}
 * and {@code X-Client-Cert-Chain}.
 *
 * <p>Pure functions from DER bytes and names to header values: no I/O, no Netty, nothing decided
 * here. Every value is printable ASCII (never a CR, LF or other control), and its length is a
 * function of the bytes the client sent, so {@code maxChainBytes} bounds it (README: "Identity header formats").
 */
package io.certgate.http.certheaders;
