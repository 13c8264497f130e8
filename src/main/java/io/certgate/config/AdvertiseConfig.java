package io.certgate.config;

import java.util.List;

/** The CA names to send in the CertificateRequest; {@code files} is used with {@link AdvertiseMode#LIST}. */
public record AdvertiseConfig(AdvertiseMode mode, List<FileRef> files) {
    public AdvertiseConfig {
        files = List.copyOf(files);
    }
}
