/**
 * Revocation information and the {@link io.certgate.revocation.RevocationChecker} the validator
 * asks about each certificate of a path.
 *
 * <ul>
 *   <li>{@code CompactCrl}: one CRL, parsed from DER in a single streaming pass into a packed
 *       serial index (O(1) lookup; a million entries in about 40 MB), its signature verified over
 *       the raw signed bytes once per key;</li>
 *   <li>{@code CrlCheck}: RFC 5280 §6.3.3, the rules that decide which CRLs apply to a
 *       certificate (distribution points, scopes, indirect CRLs, reasons, delta CRLs);</li>
 *   <li>{@link io.certgate.revocation.CrlStore}: CRL files, fixed; {@code WatchedCrlFiles} re-reads
 *       them when they change; {@code CrlDownloads} fetches, keeps and refreshes the CRLs of http,
 *       https, ldap and ldaps distribution points ({@code HttpDownloader}, {@code LdapDownloader};
 *       hostless {@code ldap:///} ones through {@code revocation.ldapServer} or a directory client); {@code OcspClient} asks OCSP responders;</li>
 *   <li>{@link io.certgate.revocation.SiteRevocation}: all of these, as a site's configuration asks.</li>
 * </ul>
 *
 * <p>Answers are values ({@link io.certgate.revocation.RevocationStatus}: good, revoked or
 * unknown, with the sources used and a sentence). Nothing here builds HTTP answers. The gateway
 * asks a checker {@linkplain io.certgate.revocation.RevocationChecker#withoutWaiting without
 * waiting}: a download it needs is recorded in {@link io.certgate.revocation.PendingDownloads}
 * and waited for as a future, so no validation thread is held by a slow server; {@code check}
 * itself may wait (the command line, tests). Downloads run in {@code DownloadSlots}, a few per
 * host, each bounded by {@code HttpDownloader} to connectTimeout + readTimeout. CRL signers other than
 * the issuer are vouched for by the path validator through {@link io.certgate.revocation.CrlSigners},
 * so that this package never needs path validation itself.
 */
package io.certgate.revocation;
