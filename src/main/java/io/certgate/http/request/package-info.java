/**
 * What a request must look like before certgate judges it: framing (Content-Length,
 * Transfer-Encoding, the headers {@code Connection} may name), Host, method, and the headers no
 * client may send (identity and trust-bearing headers, names with {@code _}). A request that a
 * widely deployed backend could read as a different message, host or user is cleaned to the form
 * certgate judges, or refused with a {@link io.certgate.http.request.BadRequest}.
 *
 * <p>Pure functions over Netty's header and request objects: no I/O, no answers written here
 * ({@code http.RequestGate} answers).
 */
package io.certgate.http.request;
