package io.certgate.access;

import io.certgate.identity.Identity;
import java.util.Optional;

/**
 * Whether a request may proceed, and as whom.
 *
 * @param refusal empty when allowed
 * @param detail one sentence for a person: what was wrong (refused) or who was let in (allowed)
 * @param identity who the request is; anonymous when the mode discarded the certificate
 */
public record Decision(Optional<Refusal> refusal, String detail, Identity identity) {

    public static Decision allow(Identity identity, String detail) {
        return new Decision(Optional.empty(), detail, identity);
    }

    public static Decision refuse(Refusal refusal, String detail, Identity identity) {
        return new Decision(Optional.of(refusal), detail, identity);
    }

    public boolean allowed() {
        return refusal.isEmpty();
    }
}
