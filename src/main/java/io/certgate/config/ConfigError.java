package io.certgate.config;

/**
 * One mistake in a configuration: where it is and what was expected. Printed as
 * {@code certgate.yaml:12: sites[0].clientCertificates.mode: expected one of ignore, accept,
 * require, got "requir"}.
 */
public record ConfigError(Origin origin, String message) {
    @Override
    public String toString() {
        return origin + ": " + message;
    }
}
