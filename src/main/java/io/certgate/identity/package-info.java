/**
 * Who a request is: anonymous, a certificate without an account, an account (name and groups),
 * or denied by a mapping (403.12).
 *
 * <p>{@link io.certgate.identity.CertificateMapper} is the one entry point: compiled once from a
 * site's configuration, it tries one-to-one mappings (a hash lookup by SHA-256 fingerprint),
 * then many-to-one mappings in order (all rules of a mapping must match; the first matching
 * mapping decides; {@code *} and {@code ?} wildcards compiled to a linear-time matcher; text
 * compared after RFC 4518-style preparation ({@link io.certgate.x509.StringPreparation})). A
 * mapping to a disabled account denies. Nothing here reads the network or a file after
 * {@code compile}.
 */
package io.certgate.identity;
