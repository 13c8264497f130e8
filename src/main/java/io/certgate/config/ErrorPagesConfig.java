package io.certgate.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The administrator's own error pages ({@code errors.pages: DIR}), as IIS's custom errors: an
 * HTML template per answer, named {@code 403.7.html} (one substatus) or {@code 403.html} (every
 * answer with that status). The most specific file wins: {@code 403.7.html}, then
 * {@code 403.html}, then certgate's own page. Templates are read when the configuration is
 * loaded (and again on reload); {@code {{name}}} placeholders are filled in HTML-escaped.
 *
 * @param directory where the templates were read from
 * @param templates by {@code "403.7"} or {@code "403"}
 */
public record ErrorPagesConfig(Path directory, Map<String, String> templates) {

    /** The placeholders a template may use; each is replaced by its value, HTML-escaped. */
    public static final List<String> PLACEHOLDERS = List.of("status", "substatus", "code", "reason", "title",
            "summary", "detail", "likelyCauses", "tryThis", "requestId", "time");

    /** A page bigger than this is not an error page; the limit keeps a wrong directory from filling the heap. */
    static final int MAX_TEMPLATE_BYTES = 64 * 1024;
    /** A directory with more files than this is not a set of error pages. */
    static final int MAX_TEMPLATES = 200;

    private static final Pattern FILE_NAME = Pattern.compile("([1-5][0-9][0-9])(\\.([0-9]{1,3}))?\\.html");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_-]*)\\s*}}");

    public ErrorPagesConfig {
        templates = java.util.Collections.unmodifiableMap(new TreeMap<>(templates));
    }

    /** {@code 403.7.html}, else {@code 403.html}, else empty (certgate's own page). */
    public Optional<String> find(int status, int substatus) {
        String specific = templates.get(status + "." + substatus);
        if (specific != null && substatus != 0) {
            return Optional.of(specific);
        }
        return Optional.ofNullable(templates.get(String.valueOf(status)));
    }

    /**
     * The template with each placeholder replaced by {@code valueOf(name)}, which the caller has
     * escaped for HTML; the one place that knows the placeholder syntax besides {@link #read}.
     */
    public static String fill(String template, java.util.function.Function<String, String> valueOf) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 256);
        int last = 0;
        while (m.find()) {
            out.append(template, last, m.start());
            String name = m.group(1);
            out.append(PLACEHOLDERS.contains(name) ? valueOf.apply(name) : m.group());
            last = m.end();
        }
        return out.append(template, last, template.length()).toString();
    }

    /** Reads and checks every template of the directory named at {@code origin}; mistakes go to {@code errors}. */
    static Optional<ErrorPagesConfig> read(Path directory, Origin origin, java.util.Collection<ConfigError> errors) {
        if (!Files.isDirectory(directory)) {
            errors.add(origin.error(Files.exists(directory) ? "expected a directory of error pages, got a file: " + directory
                    : "no such directory: " + directory));
            return Optional.empty();
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(directory)) {
            listing.limit(MAX_TEMPLATES + 1L).sorted().forEach(files::add);
        } catch (IOException e) {
            errors.add(origin.error("cannot list " + directory + ": " + e.getMessage()));
            return Optional.empty();
        }
        if (files.size() > MAX_TEMPLATES) {
            errors.add(origin.error("more than " + MAX_TEMPLATES + " files in " + directory + ": is this the right directory?"));
            return Optional.empty();
        }
        Map<String, String> templates = new TreeMap<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (Files.isDirectory(file) || name.startsWith(".")) {
                continue;
            }
            Matcher m = FILE_NAME.matcher(name);
            if (!m.matches()) {
                errors.add(new Origin(file, 1, origin.key()).error("an error page is named STATUS.html or"
                        + " STATUS.SUBSTATUS.html, such as 403.html or 403.7.html; got \"" + name + "\""));
                continue;
            }
            readTemplate(file, origin, errors).ifPresent(text ->
                    templates.put(m.group(3) == null ? m.group(1) : m.group(1) + "." + Integer.parseInt(m.group(3)), text));
        }
        return Optional.of(new ErrorPagesConfig(directory, templates));
    }

    private static Optional<String> readTemplate(Path file, Origin origin, java.util.Collection<ConfigError> errors) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_TEMPLATE_BYTES) {
                errors.add(new Origin(file, 1, origin.key()).error("an error page may be at most "
                        + MAX_TEMPLATE_BYTES / 1024 + " KB"));
                return Optional.empty();
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            errors.add(new Origin(file, 1, origin.key()).error("cannot be read: " + e.getMessage()));
            return Optional.empty();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            errors.add(new Origin(file, 1, origin.key()).error("is not UTF-8"));
            return Optional.empty();
        }
        boolean ok = true;
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                errors.add(new Origin(file, line, origin.key()).error("unknown placeholder " + m.group()
                        + "; known: " + String.join(", ", PLACEHOLDERS.stream().map(p -> "{{" + p + "}}").toList())));
                ok = false;
            }
        }
        return ok ? Optional.of(text) : Optional.empty();
    }
}
