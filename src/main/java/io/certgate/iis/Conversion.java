package io.certgate.iis;

import java.util.List;

/**
 * The result of {@link CertgateYamlWriter#convert}: the certgate.yaml text (what could not be
 * carried over is a YAML comment in it) and the warnings for a person, one sentence each.
 */
public record Conversion(String yaml, List<String> warnings) {
    public Conversion {
        warnings = List.copyOf(warnings);
    }
}
