package io.certgate.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML document as a tree that remembers the line of every node, so that the binder can
 * name {@code file:line: key} in its errors (Jackson's own object mapping forgets lines).
 */
final class YamlTree {

    /** A node of the tree. */
    sealed interface Node permits MapNode, ListNode, ScalarNode {
        int line();

        /** A word for error messages: "a map", "a list", "a value". */
        String kind();
    }

    /** A mapping; keys keep their order and their own lines. */
    record MapNode(int line, Map<String, Entry> entries) implements Node {
        MapNode {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override
        public String kind() {
            return "a map";
        }
    }

    /** A mapping entry: the key's line and the value. */
    record Entry(int keyLine, Node value) {
    }

    /** A sequence. */
    record ListNode(int line, List<Node> items) implements Node {
        ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A scalar; {@code text} is null for YAML null ({@code ~} or nothing). */
    record ScalarNode(int line, String text) implements Node {
        @Override
        public String kind() {
            return text == null ? "nothing" : "a value";
        }
    }

    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlTree() {
    }

    /**
     * Reads the file. An empty file is an empty map.
     *
     * @throws ConfigException for unreadable files, YAML syntax errors and duplicate keys
     */
    static MapNode read(Path file, Path shownAs) throws ConfigException {
        try (JsonParser parser = FACTORY.createParser(file.toFile())) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new MapNode(1, Map.of());
            }
            Node root = readNode(parser, shownAs, "");
            if (!(root instanceof MapNode map)) {
                throw new ConfigException(new Origin(shownAs, root.line(), "(document)")
                        .error("expected a map of settings (listen:, sites:, ...), got " + root.kind()));
            }
            return map;
        } catch (JsonProcessingException e) {
            throw new ConfigException(syntaxError(e, shownAs));
        } catch (IOException e) {
            throw new ConfigException(new Origin(shownAs, 1, "(file)").error("cannot read: " + e.getMessage()));
        }
    }

    /**
     * A syntax error at SnakeYAML's own mark: the line of the character it could not take. Jackson's
     * location is that of the last token read, often the line before (a tab, a key indented too
     * far). An unclosed quote or bracket is only noticed at the end of the file, so there the line
     * where it began is the one to fix.
     */
    static ConfigError syntaxError(JsonProcessingException e, Path file) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                Mark problem = marked.getProblemMark();
                Mark context = marked.getContextMark();
                String what = marked.getProblem() == null ? "" : marked.getProblem().replace('\n', ' ');
                boolean atEnd = what.contains("end of stream") && context != null;
                Mark at = atEnd ? context : problem;
                String message;
                if (atEnd) {
                    String began = marked.getContext() == null ? "something"
                            : marked.getContext().replaceFirst("^while (scanning|parsing) ", "");
                    message = "not valid YAML: " + began + " begins here at column " + (at.getColumn() + 1)
                            + " and is never closed (" + what + ")";
                } else {
                    message = "not valid YAML: " + what + " at column " + (at.getColumn() + 1);
                    if (marked.getContext() != null && context != null) {
                        message += " (" + marked.getContext().replace('\n', ' ') + " that began on line "
                                + (context.getLine() + 1) + ")";
                    }
                }
                return new Origin(file, at.getLine() + 1, "(syntax)").error(message);
            }
        }
        int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
        String message = e.getOriginalMessage() == null ? e.toString() : e.getOriginalMessage();
        return new Origin(file, line, "(syntax)").error("not valid YAML: " + message.lines().findFirst().orElse(""));
    }

    private static Node readNode(JsonParser parser, Path file, String path) throws IOException, ConfigException {
        int line = parser.currentTokenLocation().getLineNr();
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    int keyLine = parser.currentTokenLocation().getLineNr();
                    String childPath = path.isEmpty() ? key : path + "." + key;
                    if (entries.containsKey(key)) {
                        throw new ConfigException(new Origin(file, keyLine, childPath)
                                .error("appears twice (first on line " + entries.get(key).keyLine() + ")"));
                    }
                    parser.nextToken();
                    entries.put(key, new Entry(keyLine, readNode(parser, file, childPath)));
                }
                return new MapNode(line, entries);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readNode(parser, file, path + "[" + index++ + "]"));
                }
                return new ListNode(line, items);
            }
            case VALUE_NULL -> {
                return new ScalarNode(line, null);
            }
            default -> {
                return new ScalarNode(line, parser.getText());
            }
        }
    }
}
