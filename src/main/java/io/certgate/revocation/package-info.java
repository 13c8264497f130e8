/**
 * Revocation information: CRLs loaded from files, indexed by issuer and serial, and the
 * {@link io.certgate.revocation.RevocationChecker} the validator asks about each certificate of
 * a path.
 *
 * <p>Answers are values ({@link io.certgate.revocation.RevocationStatus}: good, revoked or
 * unknown, with the source used and a sentence). Nothing here builds HTTP answers or blocks an
 * event loop: lookups read in-memory state only.
 */
package io.certgate.revocation;
