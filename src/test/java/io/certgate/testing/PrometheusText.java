package io.certgate.testing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests of {@code /metrics}:
 * every line must be a HELP, TYPE or comment line or a well-formed sample; a family has one TYPE,
 * before its samples, which are contiguous; names, label names and escapes follow the format;
 * values are floats, NaN or ±Inf; no sample appears twice; histograms have cumulative buckets
 * ending in {@code le="+Inf"} equal to their {@code _count}. Any violation fails with the line.
 *
 * <pre>{@code
 * Map<String, PrometheusText.Family> families = PrometheusText.parse(body);
 * double ok = families.get("certgate_requests_total").value(Map.of("site", "localhost", "status", "200", "substatus", "0"));
 * }</pre>
 */
public final class PrometheusText {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern FLOAT = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|NaN|[+-]Inf");
    private static final Pattern TIMESTAMP = Pattern.compile("-?\\d+");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    /** A metric family: its TYPE, HELP and samples (including {@code _bucket}, {@code _sum}, {@code _count}). */
    public record Family(String name, String type, String help, List<Sample> samples) {
        /** The value of the sample named like the family with exactly these labels; fails when absent. */
        public double value(Map<String, String> labels) {
            return find(name, labels).orElseThrow(() -> new AssertionError("no sample " + name + labels + " in " + samples));
        }

        /** The sample with this name and exactly these labels. */
        public Optional<Double> find(String sampleName, Map<String, String> labels) {
            return samples.stream().filter(s -> s.name().equals(sampleName) && s.labels().equals(labels))
                    .map(Sample::value).findFirst();
        }

        /** The label sets of the family's own samples (not buckets, sums or counts). */
        public List<Map<String, String>> labelSets() {
            return samples.stream().filter(s -> s.name().equals(name)).map(Sample::labels).toList();
        }
    }

    private PrometheusText() {
    }

    /** Parses the whole text; throws AssertionError naming the first line that breaks the format. */
    public static Map<String, Family> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError("the exposition must end with a line feed");
        }
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> helps = new LinkedHashMap<>();
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        Set<String> finished = new HashSet<>();
        Set<String> seen = new HashSet<>();
        String currentFamily = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            int number = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] parts = line.split(" ", 4);
                if (parts.length >= 3 && (parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
                    String family = parts[2];
                    require(NAME.matcher(family).matches(), number, line, "bad metric name " + family);
                    require(!finished.contains(family) && (samples.getOrDefault(family, List.of()).isEmpty()), number, line,
                            "HELP and TYPE must come before the family's samples");
                    if (parts[1].equals("TYPE")) {
                        require(parts.length == 4 && TYPES.contains(parts[3]), number, line, "unknown type");
                        require(types.put(family, parts[3]) == null, number, line, "a second TYPE for " + family);
                    } else {
                        String help = parts.length == 4 ? parts[3] : "";
                        require(escapesOnly(help, "\\n"), number, line, "HELP may only escape \\\\ and \\n");
                        require(helps.put(family, help) == null, number, line, "a second HELP for " + family);
                    }
                    if (currentFamily != null && !currentFamily.equals(family)) {
                        finished.add(currentFamily);
                    }
                    currentFamily = family;
                    samples.putIfAbsent(family, new ArrayList<>());
                }
                continue; // any other # line is a comment
            }
            Sample sample;
            try {
                sample = sample(line, number);
            } catch (IndexOutOfBoundsException unterminated) {
                throw new AssertionError("line " + number + ": the sample ends too early: " + line);
            }
            String family = familyOf(sample.name(), types);
            require(!finished.contains(family), number, line, "the samples of " + family + " are not contiguous");
            if (currentFamily != null && !currentFamily.equals(family)) {
                finished.add(currentFamily);
            }
            currentFamily = family;
            require(seen.add(sample.name() + new TreeMap<>(sample.labels())), number, line, "a sample appears twice");
            String type = types.getOrDefault(family, "untyped");
            if (type.equals("counter")) {
                require(sample.value() >= 0 || Double.isNaN(sample.value()), number, line, "a counter below 0");
            }
            samples.computeIfAbsent(family, f -> new ArrayList<>()).add(sample);
        }
        Map<String, Family> families = new LinkedHashMap<>();
        samples.forEach((name, list) -> families.put(name,
                new Family(name, types.getOrDefault(name, "untyped"), helps.getOrDefault(name, ""), List.copyOf(list))));
        families.values().stream().filter(f -> f.type().equals("histogram")).forEach(PrometheusText::checkHistogram);
        return families;
    }

    private static String familyOf(String sampleName, Map<String, String> types) {
        if (types.containsKey(sampleName)) {
            return sampleName;
        }
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (sampleName.endsWith(suffix)) {
                String base = sampleName.substring(0, sampleName.length() - suffix.length());
                String type = types.get(base);
                if ("histogram".equals(type) || "summary".equals(type) && !suffix.equals("_bucket")) {
                    return base;
                }
            }
        }
        return sampleName;
    }

    private static Sample sample(String line, int number) {
        Matcher name = NAME.matcher(line);
        require(name.lookingAt(), number, line, "a sample must start with a metric name");
        int at = name.end();
        Map<String, String> labels = new LinkedHashMap<>();
        if (at < line.length() && line.charAt(at) == '{') {
            at++;
            while (line.charAt(at) != '}') {
                Matcher label = LABEL_NAME.matcher(line).region(at, line.length());
                require(label.lookingAt(), number, line, "bad label name at column " + (at + 1));
                String labelName = label.group();
                require(!labelName.startsWith("__"), number, line, "label names starting with __ are reserved");
                at = label.end();
                require(line.startsWith("=\"", at), number, line, "expected =\" after label " + labelName);
                at += 2;
                StringBuilder value = new StringBuilder();
                while (line.charAt(at) != '"') {
                    char c = line.charAt(at);
                    if (c == '\\') {
                        char next = line.charAt(at + 1);
                        require(next == '\\' || next == '"' || next == 'n', number, line, "bad escape \\" + next);
                        value.append(next == 'n' ? '\n' : next);
                        at += 2;
                    } else {
                        value.append(c);
                        at++;
                    }
                }
                at++;
                require(labels.put(labelName, value.toString()) == null, number, line, "label " + labelName + " twice");
                if (line.charAt(at) == ',') {
                    at++;
                    require(line.charAt(at) != '}', number, line, "a trailing comma in the label set");
                } else {
                    require(line.charAt(at) == '}', number, line, "expected , or } after a label value");
                }
            }
            at++;
        }
        require(at < line.length() && line.charAt(at) == ' ', number, line, "expected a space before the value");
        String[] rest = line.substring(at + 1).split(" ");
        require(rest.length == 1 || rest.length == 2, number, line, "expected a value and an optional timestamp");
        require(FLOAT.matcher(rest[0]).matches(), number, line, "bad value " + rest[0]);
        if (rest.length == 2) {
            require(TIMESTAMP.matcher(rest[1]).matches(), number, line, "bad timestamp " + rest[1]);
        }
        double value = switch (rest[0]) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(rest[0]);
        };
        return new Sample(name.group(), labels, value);
    }

    private static void checkHistogram(Family histogram) {
        Map<Map<String, String>, TreeMap<Double, Double>> buckets = new LinkedHashMap<>();
        for (Sample s : histogram.samples()) {
            if (!s.name().equals(histogram.name() + "_bucket")) {
                continue;
            }
            String le = s.labels().get("le");
            if (le == null) {
                throw new AssertionError(histogram.name() + ": a bucket without le: " + s);
            }
            Map<String, String> series = new TreeMap<>(s.labels());
            series.remove("le");
            double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
            buckets.computeIfAbsent(series, k -> new TreeMap<>()).put(bound, s.value());
        }
        buckets.forEach((series, bySeries) -> {
            double previous = 0;
            for (double count : bySeries.values()) {
                if (count < previous) {
                    throw new AssertionError(histogram.name() + series + ": buckets are not cumulative: " + bySeries);
                }
                previous = count;
            }
            Double infinite = bySeries.get(Double.POSITIVE_INFINITY);
            if (infinite == null) {
                throw new AssertionError(histogram.name() + series + ": no le=\"+Inf\" bucket");
            }
            Optional<Double> count = histogram.find(histogram.name() + "_count", series);
            if (count.isEmpty() || count.get().doubleValue() != infinite) {
                throw new AssertionError(histogram.name() + series + ": _count " + count + " is not the +Inf bucket " + infinite);
            }
        });
    }

    /** True when every backslash in {@code text} starts one of the allowed escapes. */
    private static boolean escapesOnly(String text, String allowed) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\\') {
                if (i + 1 == text.length() || allowed.indexOf(text.charAt(i + 1)) < 0) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    private static void require(boolean condition, int number, String line, String problem) {
        if (!condition) {
            throw new AssertionError("line " + number + ": " + problem + ": " + line);
        }
    }
}
