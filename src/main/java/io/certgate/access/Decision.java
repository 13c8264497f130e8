package io.certgate.access;

import io.certgate.identity.Identity;
import java.util.Optional;

/**
 * Whether a request may proceed, and as whom.
 *
 * @param refusal empty when allowed
 * @param detail one sentence for a person: what was wrong (refused) or who was let in (allowed), in
 *               full (the access log's and {@code errors.detail: internal}'s form)
 * @param publicDetail the same sentence as a client may read it ({@code errors.detail: detailed}):
 *                     without server-side names such as CRL file paths
 * @param identity who the request is; anonymous when the mode discarded the certificate
 */
public record Decision(Optional<Refusal> refusal, String detail, String publicDetail, Identity identity) {

    public static Decision allow(Identity identity, String detail) {
        return new Decision(Optional.empty(), detail, detail, identity);
    }

    /** A refusal whose sentence names nothing of the server's. */
    public static Decision refuse(Refusal refusal, String detail, Identity identity) {
        return new Decision(Optional.of(refusal), detail, detail, identity);
    }

    /** A refusal whose full sentence names what only the server should know. */
    public static Decision refuse(Refusal refusal, String detail, String publicDetail, Identity identity) {
        return new Decision(Optional.of(refusal), detail, publicDetail, identity);
    }

    public boolean allowed() {
        return refusal.isEmpty();
    }
}
