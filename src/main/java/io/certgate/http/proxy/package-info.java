/**
 * The reverse proxy: requests an access decision has admitted are forwarded over HTTP/1.1 to
 * the location's backend on pooled keep-alive connections, bodies streamed both ways with
 * explicit backpressure (a side reads only after the other side has written what it got).
 * It never decides access; it carries the identity the decision produced.
 */
package io.certgate.http.proxy;
