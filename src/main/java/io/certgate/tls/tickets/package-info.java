/**
 * Session ticket keys shared by a fleet: key files in the format of nginx's
 * {@code ssl_session_ticket_key} (read, and written by {@code certgate pki ticket-key}), and
 * the ordered key list a TLS context takes, the first key encrypting and every key decrypting
 * (RFC 5077 §4's key_name picks the key a ticket was sealed with).
 *
 * <p>Keys only make a resumed session possible; they never vouch for a client. Whoever resumes
 * is judged again from the certificate the session holds, on the instance it resumes on.
 */
package io.certgate.tls.tickets;
