/**
 * The admin listener: plain HTTP on {@code admin.address} (loopback by default) answering
 * {@code /healthz} (the process is up), {@code /readyz} (serving from a loaded runtime) and
 * {@code /metrics} (Prometheus text). It never carries site traffic and has no authentication,
 * which is why it is off unless configured and on loopback unless told otherwise.
 *
 * <p>Used by the server only; reads metrics from {@code log}.
 */
package io.certgate.admin;
