package io.certgate.config;

import java.util.Optional;

/**
 * One certificate mapped to one account: by the certificate file, or by its SHA-256
 * fingerprint as the administrator wrote it (hex with or without colons, or openssl's
 * {@code sha256 Fingerprint=...} line; parsed when the mapping is compiled).
 */
public record OneToOneMappingConfig(
        Optional<FileRef> certificate, Optional<String> sha256, String userName, boolean enabled, Origin origin) {
}
