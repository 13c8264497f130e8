package io.certgate.tls.tickets;

import io.certgate.config.ConfigError;
import io.certgate.config.FileRef;
import io.certgate.config.SessionTicketsConfig;
import io.netty.handler.ssl.OpenSslServerSessionContext;
import io.netty.handler.ssl.OpenSslSessionTicketKey;
import io.netty.handler.ssl.SslContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The ticket keys of a fleet, in order: the first seals every new ticket, every one opens the
 * tickets sealed with it. netty-tcnative does exactly this with the list it is given (its ticket
 * callback encrypts with key 0, finds a ticket's key by name for decryption, and asks for a fresh
 * ticket when the key found is not key 0), so rotating is moving the current key to second place
 * and putting a new one first.
 */
public final class TicketKeys {

    /** RFC 5246 §7.4.1.2 / BoringSSL SSL_MAX_SID_CTX_LENGTH: a session ID context is at most 32 bytes. */
    static final int SESSION_CONTEXT_BYTES = 32;

    private final List<TicketKey> keys;

    private TicketKeys(List<TicketKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one ticket key");
        }
        this.keys = List.copyOf(keys);
    }

    /** @param keys the encrypting key first */
    public static TicketKeys of(List<TicketKey> keys) {
        return new TicketKeys(keys);
    }

    /**
     * Reads every key file; a file that is not a key is an error at its own line.
     *
     * @return the keys, or empty when any file was refused (then {@code errors} says why)
     */
    public static Optional<TicketKeys> read(SessionTicketsConfig settings, List<ConfigError> errors) {
        int before = errors.size();
        List<TicketKey> keys = new ArrayList<>();
        Map<TicketKey, FileRef> seen = new HashMap<>();
        for (FileRef ref : settings.keyFiles()) {
            TicketKeyFile.Read read = TicketKeyFile.read(ref.path());
            if (read instanceof TicketKeyFile.Refused refused) {
                errors.add(ref.origin().error(refused.detail()));
            } else if (read instanceof TicketKeyFile.Loaded loaded) {
                FileRef same = seen.putIfAbsent(loaded.key(), ref);
                if (same != null) {
                    // Typically the current key copied over the previous one: the previous key is lost.
                    errors.add(ref.origin().error(ref.path() + " holds the same key as " + same.path() + " (line "
                            + same.origin().line() + "); each file must hold a different key"));
                }
                keys.add(loaded.key());
            }
        }
        return errors.size() > before ? Optional.empty() : Optional.of(of(keys));
    }

    public List<TicketKey> keys() {
        return keys;
    }

    /** The key new tickets are sealed with. */
    public TicketKey encrypting() {
        return keys.get(0);
    }

    /**
     * Gives a site's server context these keys, and a session ID context of the site's own (a hash
     * of its name), so that a ticket issued for one site does not resume on another site of the
     * fleet: Netty gives every context the same one ("netty"), which did not matter while each
     * context had keys of its own. Instances with the same site names agree on it.
     *
     * @throws IllegalArgumentException when the context is not BoringSSL's (the JDK's TLS takes no ticket keys)
     */
    public void applyTo(SslContext context, String siteName) {
        if (!(context.sessionContext() instanceof OpenSslServerSessionContext sessions)) {
            throw new IllegalArgumentException("shared session ticket keys need the BoringSSL provider; this TLS context is "
                    + context.getClass().getSimpleName());
        }
        if (!sessions.setSessionIdContext(sessionContext(siteName))) {
            throw new IllegalStateException("BoringSSL refused the session ID context of site " + siteName);
        }
        sessions.setTicketKeys(keys.stream().map(TicketKey::forNetty).toArray(OpenSslSessionTicketKey[]::new));
    }

    /** SHA-256 of "certgate site " + name: 32 bytes, the most a session ID context holds. */
    static byte[] sessionContext(String siteName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("certgate site " + siteName).getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(digest, SESSION_CONTEXT_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The key names, for the log. */
    @Override
    public String toString() {
        return keys.stream().map(TicketKey::nameHex).collect(Collectors.joining(", ", "[", "]"));
    }
}
