/**
 * Leaf utilities for X.509 material: reading certificates, CRLs and keys from PEM or DER
 * files, names (every DirectoryString form decoded to text, written as unambiguous RFC 4514)
 * and their attributes, subject alternative names (email, DNS, URI, UPN), policy and
 * extended key usage OIDs, and SHA-256 fingerprints; one strict reading per certificate object
 * ({@link io.certgate.x509.DecodedCertificate}), the provider signatures are verified with
 * ({@link io.certgate.x509.SignatureProvider}) and issuers' keys in the form it verifies fastest
 * with ({@link io.certgate.x509.IssuerKeys}).
 *
 * <p>Owns no policy: it never decides whether a certificate is good, it only reads one.
 * Depends on nothing else in certgate.
 */
package io.certgate.x509;
