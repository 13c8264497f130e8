/**
 * Access logs: one {@link io.certgate.log.AccessRecord} per request, written by a background
 * thread as W3C extended format (the IIS field set, SPEC §6) or JSON lines. The request path only
 * enqueues; a full queue drops and counts rather than blocking an event loop.
 *
 * <p>{@link io.certgate.log.GatewayMetrics} holds the metrics {@code /metrics} exports; handlers
 * record through it and never see Micrometer.
 */
package io.certgate.log;
