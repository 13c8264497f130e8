/**
 * JMH microbenchmarks: the costs that decide handshake and request throughput (verdicts cold
 * and cached, CRL lookups, mapping). Run with {@code bench/jmh [JMH options] [regex]}; they are
 * not tests and never run in {@code mvn verify}.
 */
package io.certgate.bench;
