/**
 * Fuzz tests of the request path (Jazzer, {@code @FuzzTest}): random requests through the real
 * HTTP/1.1 handlers to in-memory backends, and the checks that what reaches a backend is what
 * the gate judged. The strict HTTP/1.1 reader here shares no code with Netty on purpose. Run by
 * {@code mvn verify} for a bounded time (the pom's fuzz profile); the unit run replays the inputs.
 */
package io.certgate.fuzz;
