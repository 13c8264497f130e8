/**
 * Leaf utilities for X.509 material: reading certificates, CRLs and keys from PEM or DER
 * files, RFC 4514 names and their attributes, subject alternative names (email, DNS, URI,
 * UPN) and SHA-256 fingerprints.
 *
 * <p>Owns no policy: it never decides whether a certificate is good, it only reads one.
 * Depends on nothing else in certgate.
 */
package io.certgate.x509;
