package io.certgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The JSON-lines format in which {@link RecordingBackend} writes what it received and
 * {@link RecordingBackendProcess} reads it back: one object per line, with {@code event}
 * {@code open}, {@code tls}, {@code partial}, {@code request} or {@code end}; bytes are base64, fields are [name, value] pairs.
 */
final class RecordingJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordingJson() {
    }

    static String opened(int connection) {
        return JSON.createObjectNode().put("event", "open").put("connection", connection).toString();
    }

    static String tls(TlsSession session) {
        return JSON.createObjectNode().put("event", "tls").put("connection", session.connection())
                .put("clientSubject", session.clientSubject()).put("serverName", session.serverName())
                .put("protocol", session.protocol()).put("applicationProtocol", session.applicationProtocol()).toString();
    }

    static String request(Received request) {
        ObjectNode node = JSON.createObjectNode().put("event", "request")
                .put("connection", request.connection()).put("index", request.index())
                .put("method", request.method()).put("target", request.target()).put("version", request.version())
                .put("framing", request.framing()).put("body", Base64.getEncoder().encodeToString(request.body()));
        node.set("headers", fields(request.headers()));
        node.set("trailers", fields(request.trailers()));
        return node.toString();
    }

    static String partial(Partial partial) {
        return JSON.createObjectNode().put("event", "partial").put("connection", partial.connection())
                .put("length", partial.length()).put("head", Base64.getEncoder().encodeToString(partial.head())).toString();
    }

    static String end(ConnectionEnd end) {
        return JSON.createObjectNode().put("event", "end").put("connection", end.connection())
                .put("requests", end.requests()).put("error", end.error())
                .put("leftover", Base64.getEncoder().encodeToString(end.leftover())).toString();
    }

    /** A parsed line: a {@link Received}, {@link TlsSession}, {@link Partial}, {@link ConnectionEnd}, or an Integer (a connection opened). */
    static Object parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            int connection = node.get("connection").asInt();
            return switch (node.get("event").asText()) {
                case "open" -> connection;
                case "tls" -> new TlsSession(connection, node.get("clientSubject").asText(),
                        node.get("serverName").asText(), node.get("protocol").asText(),
                        node.get("applicationProtocol").asText());
                case "request" -> new Received(connection, node.get("index").asInt(), node.get("method").asText(),
                        node.get("target").asText(), node.get("version").asText(), fields(node.get("headers")),
                        node.get("framing").asText(), Base64.getDecoder().decode(node.get("body").asText()),
                        fields(node.get("trailers")));
                case "partial" -> new Partial(connection, node.get("length").asInt(),
                        Base64.getDecoder().decode(node.get("head").asText()));
                case "end" -> new ConnectionEnd(connection, node.get("requests").asInt(),
                        node.get("error").isNull() ? null : node.get("error").asText(),
                        Base64.getDecoder().decode(node.get("leftover").asText()));
                default -> throw new IllegalArgumentException("unknown event in " + line);
            };
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("not a recording line: " + line, e);
        }
    }

    private static ArrayNode fields(List<HeaderField> fields) {
        ArrayNode array = JSON.createArrayNode();
        fields.forEach(f -> array.addArray().add(f.name()).add(f.value()));
        return array;
    }

    private static List<HeaderField> fields(JsonNode array) {
        List<HeaderField> fields = new ArrayList<>();
        array.forEach(pair -> fields.add(new HeaderField(pair.get(0).asText(), pair.get(1).asText())));
        return fields;
    }
}
