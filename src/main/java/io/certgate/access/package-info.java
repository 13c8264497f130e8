/**
 * The access decision: client-certificate mode, verdict, identity and the location's rule in,
 * {@link io.certgate.access.Decision} out. The table of IIS answers (403.7, 403.12, 403.13,
 * 403.16, 403.17, 401.3) lives here once, in {@link io.certgate.access.Refusal} and
 * {@link io.certgate.access.AccessPolicy}. Writes no bytes and knows no Netty.
 */
package io.certgate.access;
