/**
 * The request path as small Netty handlers: holding a connection until its certificate is
 * judged, routing to a site's location, asking {@link io.certgate.access} for the decision,
 * error pages, static files, and the access-log record of each exchange.
 *
 * <p>Handlers never decide access themselves: {@link io.certgate.http.RequestGate} asks
 * {@link io.certgate.access.AccessPolicy} and writes what it answers.
 */
package io.certgate.http;
