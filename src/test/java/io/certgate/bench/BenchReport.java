package io.certgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns bench/run's results (one JSON object per line) into the table of BENCHMARKS.md: the
 * median of the runs for each figure and server, and the ratio certgate/nginx (above 1 is
 * better for certgate on every row: latencies and memory are inverted).
 */
public final class BenchReport {

    private BenchReport() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, Map<String, List<JsonNode>>> figures = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode row = json.readTree(line);
            figures.computeIfAbsent(row.get("figure").asText(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(row.get("server").asText(), k -> new ArrayList<>()).add(row);
        }
        StringBuilder table = new StringBuilder();
        table.append("| figure | nginx | certgate | certgate/nginx |\n|---|---:|---:|---:|\n");
        for (var figure : figures.entrySet()) {
            String name = figure.getKey();
            List<JsonNode> nginx = figure.getValue().getOrDefault("nginx", List.of());
            List<JsonNode> certgate = figure.getValue().getOrDefault("certgate", List.of());
            if (name.startsWith("RSS")) {
                double n = perConnection(nginx.get(0));
                double c = perConnection(certgate.get(0));
                row(table, name + " (KiB; lower is better)", n, c, n / c, "%.1f");
                continue;
            }
            double nRate = median(nginx, "rate");
            double cRate = median(certgate, "rate");
            row(table, name + ": requests/s", nRate, cRate, cRate / nRate, "%.0f");
            double nCapacity = median(nginx, "capacity");
            double cCapacity = median(certgate, "capacity");
            row(table, name + ": requests per server CPU-second", nCapacity, cCapacity, cCapacity / nCapacity, "%.0f");
            double n50 = median(nginx, "p50_us");
            double c50 = median(certgate, "p50_us");
            row(table, name + ": p50 latency (µs; lower is better)", n50, c50, n50 / c50, "%.0f");
            double n99 = median(nginx, "p99_us");
            double c99 = median(certgate, "p99_us");
            row(table, name + ": p99 latency (µs; lower is better)", n99, c99, n99 / c99, "%.0f");
            double nClient = median(nginx, "client_cpu_cores");
            double cClient = median(certgate, "client_cpu_cores");
            table.append(String.format(Locale.ROOT, "| %s: load generator CPU (cores) | %.2f | %.2f | |%n", name, nClient, cClient));
        }
        System.out.print(table);
        System.out.printf(Locale.ROOT, "%nMedians of %s runs of %s s each.%n", args.length > 1 ? args[1] : "?",
                args.length > 2 ? args[2] : "?");
    }

    private static double perConnection(JsonNode row) {
        return (row.get("rss_after_kb").asDouble() - row.get("rss_before_kb").asDouble()) / row.get("held").asDouble();
    }

    private static double median(List<JsonNode> rows, String field) {
        double[] values = rows.stream().mapToDouble(r -> {
            JsonNode result = r.get("result");
            if (field.equals("capacity")) {
                double cpu = result.get("server_cpu_s").asDouble();
                return cpu == 0 ? 0 : result.get("requests").asDouble() / cpu;
            }
            return result.get(field).asDouble();
        }).sorted().toArray();
        return values.length == 0 ? Double.NaN : values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    private static void row(StringBuilder table, String name, double nginx, double certgate, double ratio, String format) {
        table.append(String.format(Locale.ROOT, "| %s | " + format + " | " + format + " | %.2f |%n", name, nginx, certgate, ratio));
    }
}
