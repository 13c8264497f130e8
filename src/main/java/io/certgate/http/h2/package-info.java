/**
 * What only HTTP/2 needs before its streams reach the request handlers: pseudo-headers checked
 * before Netty's conversion hides them ({@link io.certgate.http.h2.Http2PseudoHeaderCheck}),
 * only stream frames counted as activity, so PINGs keep no idle connection open
 * ({@link io.certgate.http.h2.Http2StreamActivity}), and a cap on the streams of one connection
 * at backends ({@link io.certgate.http.h2.ProxiedStreamLimit}).
 */
package io.certgate.http.h2;
