/**
 * Graceful stop, one connection at a time: when the gateway stops, each open connection finishes
 * what it is answering and takes nothing new. HTTP/1.1 says so with {@code Connection: close} on its
 * next answer (RFC 9112 §9.6) and closes an idle connection at once; HTTP/2 sends GOAWAY (RFC 9113
 * §6.8) and closes once its streams are done. The gateway decides when; these handlers only how.
 */
package io.certgate.http.drain;
