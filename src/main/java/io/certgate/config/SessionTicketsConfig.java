package io.certgate.config;

import java.util.List;

/**
 * {@code tls.sessionTickets}: the session ticket keys every instance of a fleet shares, so that a
 * client resumes its TLS session on whichever instance a load balancer sends it to. Each file holds
 * one key in the format of nginx's {@code ssl_session_ticket_key} (80 bytes, or nginx's older 48).
 * The first file's key encrypts new tickets; every file's key decrypts (so a key moved from first
 * to second place keeps the tickets it issued valid while clients move to the new one).
 *
 * @param keyFiles at least one, in order; the first encrypts
 * @param origin where {@code sessionTickets} is, for errors about the block as a whole
 */
public record SessionTicketsConfig(List<FileRef> keyFiles, Origin origin) {

    public SessionTicketsConfig {
        keyFiles = List.copyOf(keyFiles);
        if (keyFiles.isEmpty()) {
            throw new IllegalArgumentException("at least one key file: " + origin);
        }
    }
}
