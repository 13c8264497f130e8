/**
 * The PROXY protocol (HAProxy's proxy-protocol.txt, versions 1 and 2), both ways: reading the
 * header a trusted load balancer puts before a client's bytes ({@link ProxyProtocolReader}, on
 * {@link ProxyHeaderParser}), and writing one before a backend connection's first request
 * ({@link ProxyHeaderWriter}). {@link ConnectionAddresses} is the one place any code asks who
 * the client of a connection is.
 */
package io.certgate.proxyprotocol;
