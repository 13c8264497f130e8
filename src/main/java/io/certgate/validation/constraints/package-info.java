/**
 * The path checks certgate makes around the JDK's PKIX validator, where the JDK is lax: the
 * trusted root's own constraints (RFC 5280 §6.2: basicConstraints, pathLenConstraint,
 * keyUsage, name constraints, unknown critical extensions), the syntax of subjectAltNames
 * (§4.2.1.6), and name constraints (§4.2.1.10) over every name form certgate reads.
 *
 * <p>{@link io.certgate.validation.constraints.PathConstraints} is the one entry point; a failure
 * is a {@link io.certgate.validation.constraints.Violation} naming the
 * {@link io.certgate.validation.constraints.Check}, the certificate and a sentence. The caller
 * ({@code validation.PathValidator}) turns it into a verdict reason. Knows nothing of
 * verdicts, sites or HTTP.
 */
package io.certgate.validation.constraints;
