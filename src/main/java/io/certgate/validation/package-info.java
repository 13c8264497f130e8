/**
 * Client-certificate path validation: from the chain a client presented to a
 * {@link io.certgate.validation.Verdict} with a machine-readable
 * {@link io.certgate.validation.Reason} and a sentence for a person.
 *
 * <p>{@link io.certgate.validation.PathValidator} is the engine: it finds candidate paths to a
 * configured trust anchor (through intermediates the client sent or the server was given),
 * hands each to the JDK's PKIX validator for signatures, dates, basic constraints, name
 * constraints and policies (RFC 5280 §6), then checks the client-authentication purpose, the
 * chain length and revocation. {@link io.certgate.validation.ValidationPolicy} is the policy
 * (a value); {@link io.certgate.validation.VerdictCache} computes each distinct chain once.
 *
 * <p>Knows nothing of sites, paths or HTTP.
 */
package io.certgate.validation;
