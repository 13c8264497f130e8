package io.certgate.directory;

import java.util.List;
import java.util.Optional;

/**
 * The answer to one {@link Query}: exactly one entry, none, several (never a guess), or no answer.
 *
 * @param filter the filter sent, values escaped (for explanations)
 * @param account the entry, when {@link Result#FOUND}
 * @param matches the DNs found, when {@link Result#AMBIGUOUS} (at most two: the search stops there)
 * @param problem why there is no answer, when {@link Result#ERROR}; never holds the bind password
 * @param cache where the answer came from
 */
public record Lookup(String directory, String filter, Result result, Optional<DirectoryAccount> account,
                     List<String> matches, String problem, CacheState cache) {

    public Lookup {
        matches = List.copyOf(matches);
    }

    /** How a lookup ended; the metric {@code certgate_directory_lookups_total} counts them by this label. */
    public enum Result {
        /** Exactly one entry. */
        FOUND("found"),
        /** No entry: the next mapping is tried. */
        NOT_FOUND("not-found"),
        /** More than one entry: 403.12, never a guess. */
        AMBIGUOUS("ambiguous"),
        /** The directory did not answer (down, timed out, refused the bind). */
        ERROR("error");

        private final String label;

        Result(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Where an answer came from. */
    public enum CacheState {
        /** Asked the directory just now. */
        MISS("miss: asked the directory"),
        /** A cached answer younger than cacheTtl. */
        HIT("hit"),
        /** The directory is down; an older answer within maxStale (onUnavailable: cached). */
        STALE("stale: the directory did not answer, so the last answer is served (onUnavailable: cached)");

        private final String description;

        CacheState(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    Lookup cached(CacheState state) {
        return new Lookup(directory, filter, result, account, matches, problem, state);
    }
}
