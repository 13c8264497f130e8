package io.certgate.directory;

import com.github.benmanes.caffeine.cache.Ticker;
import io.certgate.config.DirectoryConfig;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The configured directories by name, for the sites of one runtime; closing it closes every client. */
public final class Directories implements AutoCloseable {

    /** No directories (a configuration without {@code directories:}). */
    public static final Directories NONE = new Directories(Map.of());

    private final Map<String, DirectoryClient> clients;

    private Directories(Map<String, DirectoryClient> clients) {
        this.clients = clients;
    }

    /** Clients for the named directories; nothing connects until the first lookup. */
    public static Directories of(Collection<DirectoryConfig> configs, DirectoryEvents events, Ticker ticker) {
        Map<String, DirectoryClient> clients = new LinkedHashMap<>();
        for (DirectoryConfig config : configs) {
            clients.put(config.name(), new DirectoryClient(config, events, ticker));
        }
        return new Directories(clients);
    }

    public Optional<DirectoryClient> get(String name) {
        return Optional.ofNullable(clients.get(name));
    }

    @Override
    public void close() {
        clients.values().forEach(DirectoryClient::close);
    }
}
