package io.certgate.identity;

import io.certgate.x509.CertificateFacts;
import java.util.List;

/** Who a request is, once its certificate has been validated (and mapped, where mappings exist). */
public sealed interface Identity {

    /** No certificate, or one that the location's mode told us to discard. */
    record Anonymous() implements Identity {
    }

    /** A valid certificate that no mapping turned into an account. */
    record CertificateOnly(CertificateFacts certificate) implements Identity {
    }

    /** A valid certificate mapped to an enabled account. */
    record Account(String name, List<String> groups, CertificateFacts certificate, String mappedBy) implements Identity {
        public Account {
            groups = List.copyOf(groups);
        }
    }

    /** A valid certificate that a deny mapping matched, or that maps to a disabled account (403.12). */
    record Denied(CertificateFacts certificate, String why) implements Identity {
    }

    /**
     * A valid certificate whose directory mapping could not be decided: the directory did not
     * answer (and {@code onUnavailable: cached} had no recent answer). 503, never a guess.
     */
    record Unavailable(CertificateFacts certificate, String why) implements Identity {
    }

    Identity ANONYMOUS = new Anonymous();

    /** The account name for logs and headers; empty unless this is an {@link Account}. */
    default java.util.Optional<String> accountName() {
        return this instanceof Account account ? java.util.Optional.of(account.name()) : java.util.Optional.empty();
    }
}
