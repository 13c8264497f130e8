/**
 * The access decision: client-certificate mode, verdict, identity and the location's access
 * rule in, {@link io.certgate.access.Decision} out. The table of IIS answers (403.7, 403.12,
 * 403.13, 403.16, 403.17, 401.3) lives here once, in {@link io.certgate.access.Refusal} and
 * {@link io.certgate.access.AccessPolicy}; how the steps and the allow/deny lists combine
 * (first refusal decides, deny wins, fail closed) is written on AccessPolicy. Writes no bytes
 * and knows no Netty.
 */
package io.certgate.access;
