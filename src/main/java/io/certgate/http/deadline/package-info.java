/**
 * How long a client may take to send a request: the whole head within
 * {@code http.requestHeaderTimeout}, and no silence longer than {@code http.requestBodyTimeout}
 * inside a body (HTTP/1.1 connections and HTTP/2 streams alike). Time certgate itself stopped
 * reading (backpressure, a request waiting its turn) never counts against the client.
 *
 * <p>Cost: these run on every request of connections doing tens of thousands a second, so no
 * timer is scheduled per request. Each connection has one timer ticking a few times per timeout;
 * a request only sets fields, and the tick compares them (as {@code http.IdleTimeout} does).
 */
package io.certgate.http.deadline;
