package io.certgate.config;

import io.certgate.config.YamlTree.ListNode;
import io.certgate.config.YamlTree.MapNode;
import io.certgate.config.YamlTree.Node;
import io.certgate.config.YamlTree.ScalarNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One map of the configuration being bound. Each getter records the key as known; {@link
 * #finish()} then reports every key nobody asked for, with the closest known key as a hint.
 * Errors are collected, not thrown, so that one run reports all of them.
 */
final class Section {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    /** The longest duration any setting takes. */
    static final Duration MAX_DURATION = Duration.ofDays(365);
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|mb|gb)?");

    private final Path file;
    private final String path;
    private final MapNode node;
    /** Shared by every section of one file; a set, so that a key read twice is reported once. */
    private final Set<ConfigError> errors;
    private final Set<String> known = new HashSet<>();

    Section(Path file, String path, MapNode node, Set<ConfigError> errors) {
        this.file = file;
        this.path = path;
        this.node = node;
        this.errors = errors;
    }

    /** The origin of a key: its own line when present, the map's line otherwise. */
    Origin origin(String key) {
        YamlTree.Entry entry = node.entries().get(key);
        return new Origin(file, entry == null ? node.line() : entry.keyLine(), keyPath(key));
    }

    /** The origin of this map itself. */
    Origin origin() {
        return new Origin(file, node.line(), path.isEmpty() ? "(document)" : path);
    }

    /** True when the key holds a map (rather than a single value or a list). */
    boolean isMap(String key) {
        known.add(key);
        YamlTree.Entry entry = node.entries().get(key);
        return entry != null && entry.value() instanceof MapNode;
    }

    /** True when the key is present with no value ({@code key:} or {@code key: ~}). */
    boolean isNull(String key) {
        known.add(key);
        YamlTree.Entry entry = node.entries().get(key);
        return entry != null && entry.value() instanceof ScalarNode scalar && scalar.text() == null;
    }

    boolean has(String key) {
        known.add(key);
        return node.entries().containsKey(key);
    }

    void report(ConfigError error) {
        errors.add(error);
    }

    void error(String key, String message) {
        errors.add(origin(key).error(message));
    }

    Optional<String> string(String key) {
        Optional<ScalarNode> scalar = scalar(key);
        return scalar.map(ScalarNode::text);
    }

    String string(String key, String fallback) {
        return string(key).orElse(fallback);
    }

    Optional<String> requiredString(String key) {
        Optional<String> value = string(key);
        if (value.isEmpty() && !node.entries().containsKey(key)) {
            error(key, "required");
        } else if (value.isEmpty() && isNull(key)) {
            error(key, "required, but empty here");
        }
        return value;
    }

    boolean bool(String key, boolean fallback) {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return fallback;
        }
        return switch (text.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                error(key, "expected true or false, got \"" + text.get() + "\"");
                yield fallback;
            }
        };
    }

    int integer(String key, int fallback, int min, int max) {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.get().trim());
            if (value < min || value > max) {
                error(key, "expected a whole number from " + min + " to " + max + ", got " + value);
                return fallback;
            }
            return value;
        } catch (NumberFormatException e) {
            error(key, "expected a whole number from " + min + " to " + max + ", got \"" + text.get() + "\"");
            return fallback;
        }
    }

    /** A duration such as {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h} or {@code 1d}. */
    Duration duration(String key, Duration fallback) {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return fallback;
        }
        Matcher m = DURATION.matcher(text.get().trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            error(key, "expected a duration such as 500ms, 30s, 10m, 1h or 1d, got \"" + text.get() + "\"");
            return fallback;
        }
        // Bounded before parsing: twenty digits would not fit a long, and timeouts end up as
        // milliseconds in an int in places. No setting of certgate wants more than a year.
        Duration value = m.group(1).length() > 12 ? MAX_DURATION.plusDays(1) : switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(Long.parseLong(m.group(1)));
            case "s" -> Duration.ofSeconds(Long.parseLong(m.group(1)));
            case "m" -> Duration.ofMinutes(Long.parseLong(m.group(1)));
            case "h" -> Duration.ofHours(Long.parseLong(m.group(1)));
            default -> Duration.ofDays(Long.parseLong(m.group(1)));
        };
        if (value.compareTo(MAX_DURATION) > 0) {
            error(key, "expected a duration of at most 365d, got \"" + text.get() + "\"");
            return fallback;
        }
        return value;
    }

    /** A size in bytes such as {@code 65536}, {@code 512KB}, {@code 64MB} or {@code 1GB} (multiples of 1024). */
    long size(String key, long fallback, long min, long max) {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return fallback;
        }
        Matcher m = SIZE.matcher(text.get().trim().toLowerCase(Locale.ROOT));
        long value = -1;
        if (m.matches() && m.group(1).length() < 12) {
            int shift = m.group(2) == null ? 0 : switch (m.group(2)) {
                case "kb" -> 10;
                case "mb" -> 20;
                case "gb" -> 30;
                default -> 0;
            };
            value = Long.parseLong(m.group(1)) << shift;
        }
        if (value < min || value > max) {
            error(key, "expected a size from " + min + " bytes to " + (max >> 20) + "MB, such as 64MB, got \"" + text.get() + "\"");
            return fallback;
        }
        return value;
    }

    /** An enum constant written in lower case in YAML ({@code require} for {@code REQUIRE}). */
    <E extends Enum<E>> E enumValue(String key, Class<E> type, E fallback) {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return fallback;
        }
        for (E constant : type.getEnumConstants()) {
            if (yamlName(constant).equals(text.get().trim().toLowerCase(Locale.ROOT))) {
                return constant;
            }
        }
        error(key, "expected one of " + choices(type) + ", got \"" + text.get() + "\"");
        return fallback;
    }

    static <E extends Enum<E>> String yamlName(E constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> String choices(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Section::yamlName).collect(Collectors.joining(", "));
    }

    /** A list of strings; a single scalar counts as a list of one. */
    List<String> strings(String key) {
        known.add(key);
        YamlTree.Entry entry = node.entries().get(key);
        if (entry == null || (entry.value() instanceof ScalarNode s && s.text() == null)) {
            return List.of();
        }
        if (entry.value() instanceof ScalarNode scalar) {
            return List.of(scalar.text());
        }
        if (entry.value() instanceof ListNode list) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < list.items().size(); i++) {
                Node item = list.items().get(i);
                if (item instanceof ScalarNode scalar && scalar.text() != null) {
                    values.add(scalar.text());
                } else {
                    errors.add(new Origin(file, item.line(), keyPath(key) + "[" + i + "]")
                            .error("expected a value, got " + item.kind()));
                }
            }
            return values;
        }
        error(key, "expected a list of values, got " + entry.value().kind());
        return List.of();
    }

    /** A value of a list, with its own line. */
    record Item(String text, Origin origin) {
    }

    /** Like {@link #strings}, each value with the line it is on (a single value: the key's line). */
    List<Item> items(String key) {
        List<String> values = strings(key);
        YamlTree.Entry entry = node.entries().get(key);
        List<Item> items = new ArrayList<>(values.size());
        if (entry != null && entry.value() instanceof ListNode list) {
            int v = 0;
            for (int i = 0; i < list.items().size() && v < values.size(); i++) {
                if (list.items().get(i) instanceof ScalarNode scalar && scalar.text() != null) {
                    items.add(new Item(values.get(v++), new Origin(file, scalar.line(), keyPath(key) + "[" + i + "]")));
                }
            }
            return items;
        }
        for (String value : values) {
            items.add(new Item(value, origin(key)));
        }
        return items;
    }

    /** A file path, resolved against the config file's directory. */
    Optional<FileRef> file(String key) {
        return string(key).map(text -> new FileRef(resolve(text), origin(key)));
    }

    /** A list of file paths (a single value counts as a list of one). */
    List<FileRef> files(String key) {
        List<String> texts = strings(key);
        List<FileRef> refs = new ArrayList<>(texts.size());
        for (String text : texts) {
            refs.add(new FileRef(resolve(text), origin(key)));
        }
        return refs;
    }

    Path resolve(String text) {
        Path given = Path.of(text);
        Path dir = file.toAbsolutePath().getParent();
        return given.isAbsolute() || dir == null ? given.normalize() : dir.resolve(given).normalize();
    }

    /** Records an error unless the file exists and can be read; directories only where allowed. */
    void requireReadable(FileRef ref, boolean directoryAllowed) {
        Path p = ref.path();
        if (!java.nio.file.Files.exists(p)) {
            errors.add(ref.origin().error("no such file: " + p));
        } else if (java.nio.file.Files.isDirectory(p) && !directoryAllowed) {
            errors.add(ref.origin().error("is a directory, expected a file: " + p));
        } else if (!java.nio.file.Files.isReadable(p)) {
            errors.add(ref.origin().error("cannot be read by this user: " + p));
        }
    }

    /** A nested map, or empty when the key is absent. */
    Optional<Section> section(String key) {
        known.add(key);
        YamlTree.Entry entry = node.entries().get(key);
        if (entry == null || (entry.value() instanceof ScalarNode s && s.text() == null)) {
            return Optional.empty();
        }
        if (entry.value() instanceof MapNode map) {
            return Optional.of(new Section(file, keyPath(key), map, errors));
        }
        error(key, "expected a map of settings, got " + entry.value().kind());
        return Optional.empty();
    }

    /** A list of maps. */
    List<Section> sections(String key) {
        known.add(key);
        YamlTree.Entry entry = node.entries().get(key);
        if (entry == null || (entry.value() instanceof ScalarNode s && s.text() == null)) {
            return List.of();
        }
        if (!(entry.value() instanceof ListNode list)) {
            error(key, "expected a list (lines starting with \"- \"), got " + entry.value().kind());
            return List.of();
        }
        List<Section> sections = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            Node item = list.items().get(i);
            String itemPath = keyPath(key) + "[" + i + "]";
            if (item instanceof MapNode map) {
                sections.add(new Section(file, itemPath, map, errors));
            } else {
                errors.add(new Origin(file, item.line(), itemPath).error("expected a map of settings, got " + item.kind()));
            }
        }
        return sections;
    }

    /** The keys of this map with their sections, for maps keyed by name (such as accounts). */
    List<String> keys() {
        return List.copyOf(node.entries().keySet());
    }

    /** Reports the keys that no getter asked for. Call after reading every key this map may hold. */
    void finish() {
        for (var entry : node.entries().entrySet()) {
            String key = entry.getKey();
            if (!known.contains(key)) {
                String hint = closest(key).map(k -> "; did you mean \"" + k + "\"?").orElse("");
                errors.add(new Origin(file, entry.getValue().keyLine(), keyPath(key))
                        .error("unknown key" + hint + (known.isEmpty() ? "" : " (known here: "
                                + known.stream().sorted().collect(Collectors.joining(", ")) + ")")));
            }
        }
    }

    private Optional<ScalarNode> scalar(String key) {
        known.add(key);
        YamlTree.Entry entry = node.entries().get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.value() instanceof ScalarNode scalar) {
            return scalar.text() == null ? Optional.empty() : Optional.of(scalar);
        }
        error(key, "expected a single value, got " + entry.value().kind());
        return Optional.empty();
    }

    private String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private Optional<String> closest(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 4) ? Optional.ofNullable(best) : Optional.empty();
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
