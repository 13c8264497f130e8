package io.certgate.admin;

import java.util.Optional;

/** Whether the gateway can serve traffic now, as {@code /readyz} reports it. */
@FunctionalInterface
public interface Readiness {

    /** Empty when ready; otherwise why not, in one sentence for the administrator. */
    Optional<String> notReadyBecause();
}
