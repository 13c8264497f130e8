/**
 * The LDAP / Active Directory client: one {@link io.certgate.directory.DirectoryClient} per
 * configured directory owns its connection pool, bind, TLS, timeouts, an executor its lookups
 * run on (never an event loop) and a bounded cache of answers. It knows nothing of certificates'
 * mapping forms: {@code identity} builds the {@link io.certgate.directory.Query} and decides what an
 * answer means; {@code revocation} uses the same client to read CRLs from {@code ldap:///} URLs
 * ({@code revocation.directory}), and {@link io.certgate.directory.LdapTls} for its own ldaps downloads.
 * The clients of a runtime are shared by all its sites: one pool and one cache per directory.
 */
package io.certgate.directory;
