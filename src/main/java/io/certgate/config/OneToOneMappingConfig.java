package io.certgate.config;

import java.util.Optional;

/**
 * One certificate mapped to one account: by the certificate file, or by its SHA-256
 * fingerprint (64 hex digits, separators removed, lower case).
 */
public record OneToOneMappingConfig(
        Optional<FileRef> certificate, Optional<String> sha256, String userName, boolean enabled, Origin origin) {
}
