package io.certgate.server;

import io.certgate.config.ConfigError;
import java.util.List;

/**
 * How a reload went.
 *
 * @param applied true when the new configuration now serves new connections
 * @param summary what changed ("site localhost: certificate changed"), or why it was refused
 * @param errors the configuration's mistakes when refused, each {@code file:line: key: problem}
 */
public record ReloadResult(boolean applied, String summary, List<ConfigError> errors) {
    public ReloadResult {
        errors = List.copyOf(errors);
    }
}
