package io.certgate.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How certgate speaks TLS to an {@code https://} backend ({@code proxy.tls}): whom it trusts for
 * the backend's certificate, the name it expects there, and the client certificate it presents.
 *
 * <p>Compared by what it names (paths and name), not by where the file writes it: a reload that
 * only moves the block to other lines is no change, and keeps the pooled connections.
 *
 * @param trustedRoots the CA certificates (files or directories of PEM) the backend's chain must end at; never empty
 * @param serverName sent as SNI and checked against the backend certificate's subjectAltName
 *                   (default: the URL's host)
 * @param certificate certgate's own client certificate chain to the backend (PEM), with {@code key}; empty for none
 * @param key the private key of {@code certificate}
 * @param origin where the {@code tls} block is written
 */
public record UpstreamTlsConfig(List<FileRef> trustedRoots, String serverName, Optional<FileRef> certificate,
                                Optional<FileRef> key, Origin origin) {

    public UpstreamTlsConfig {
        trustedRoots = List.copyOf(trustedRoots);
        if (trustedRoots.isEmpty()) {
            throw new IllegalArgumentException("an https backend needs at least one trusted root");
        }
        if (certificate.isPresent() != key.isPresent()) {
            throw new IllegalArgumentException("certificate and key come together, got " + certificate + " and " + key);
        }
    }

    /** Every file this block makes certgate read, for the reload's watch. */
    public List<FileRef> files() {
        List<FileRef> files = new java.util.ArrayList<>(trustedRoots);
        certificate.ifPresent(files::add);
        key.ifPresent(files::add);
        return files;
    }

    private List<Object> named() {
        return List.of(trustedRoots.stream().map(FileRef::path).toList(), serverName,
                certificate.map(FileRef::path).map(Path::toString).orElse(""),
                key.map(FileRef::path).map(Path::toString).orElse(""));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UpstreamTlsConfig that && named().equals(that.named());
    }

    @Override
    public int hashCode() {
        return Objects.hash(named());
    }
}
