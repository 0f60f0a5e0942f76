package io.mdg.resilience.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * GraphQL over HTTP for the resilience tests: synchronous and asynchronous posts of a query with variables or of a
 * raw body, answered as status and parsed body (a body that is not JSON is kept as text), plus paging helpers.
 */
public final class Api {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String endpoint;

    public Api(String endpoint) {
        this.endpoint = endpoint;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** An HTTP answer: status, the body parsed (NullNode when empty or not JSON) and the raw text. */
    public record Answer(int status, JsonNode body, String text) {
        public JsonNode data() {
            return body.path("data");
        }

        public JsonNode errors() {
            return body.path("errors");
        }

        public String firstCode() {
            return body.path("errors").path(0).path("extensions").path("code").asText(null);
        }

        public boolean hasErrors() {
            return body.path("errors").isArray() && !body.path("errors").isEmpty();
        }
    }

    public Answer post(String token, String query, Map<String, Object> variables) {
        return postRaw(token, body(query, variables));
    }

    public CompletableFuture<Answer> postAsync(String token, String query, Map<String, Object> variables,
                                               Duration timeout) {
        return http.sendAsync(request(token, body(query, variables), timeout), HttpResponse.BodyHandlers.ofString())
                .thenApply(Api::answer);
    }

    /** Posts a body as it is (e.g. one that is not valid JSON, or over the size limit). */
    public Answer postRaw(String token, String body) {
        try {
            return answer(http.send(request(token, body, Duration.ofSeconds(60)), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Posts a large body as a careful client does: the headers first with {@code Expect: 100-continue}, the body only
     * once the server asks for it. A server that refuses the body by its length answers at once and the body is never
     * sent; sending it anyway races the upload against the server closing the connection after its answer, and the
     * closing connection can take the answer with it. (A plain socket: Java's HttpClient of JDK 17 waits for a
     * {@code 100 Continue} that a refusing server never sends.)
     */
    public Answer postExpectingContinue(String token, String body) {
        URI uri = URI.create(endpoint);
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(60_000);
            java.io.OutputStream out = socket.getOutputStream();
            java.io.DataInputStream in = new java.io.DataInputStream(
                    new java.io.BufferedInputStream(socket.getInputStream()));
            StringBuilder head = new StringBuilder("POST " + uri.getRawPath() + " HTTP/1.1\r\n")
                    .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
                    .append("Content-Type: application/json\r\n")
                    .append("Accept: application/graphql-response+json, application/json\r\n")
                    .append("Content-Length: ").append(bytes.length).append("\r\n")
                    .append("Expect: 100-continue\r\nConnection: close\r\n");
            if (token != null) {
                head.append("Authorization: Bearer ").append(token).append("\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.flush();
            Map<String, String> headers = new java.util.HashMap<>();
            int status = readHead(in, headers);
            if (status == 100) {
                out.write(bytes);
                out.flush();
                headers.clear();
                status = readHead(in, headers);
            }
            byte[] answer = headers.containsKey("content-length")
                    ? in.readNBytes(Integer.parseInt(headers.get("content-length").trim()))
                    : in.readAllBytes();
            String text = new String(answer, java.nio.charset.StandardCharsets.UTF_8);
            JsonNode parsed;
            try {
                parsed = text.isBlank() ? NullNode.getInstance() : JSON.readTree(text);
            } catch (IOException notJson) {
                parsed = NullNode.getInstance();
            }
            return new Answer(status, parsed, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a status line and its headers (names lower-cased); returns the status. */
    private static int readHead(java.io.DataInputStream in, Map<String, String> headers) throws IOException {
        String statusLine = line(in);
        if (statusLine == null || !statusLine.startsWith("HTTP/1.1 ")) {
            throw new IOException("no HTTP answer: " + statusLine);
        }
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon > 0) {
                headers.put(header.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                        header.substring(colon + 1).trim());
            }
        }
        return Integer.parseInt(statusLine.substring(9, 12));
    }

    private static String line(java.io.DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1; c = in.read()) {
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) c);
        }
        return line.length() == 0 ? null : line.toString();
    }

    /**
     * The service's health as an admin sees it, with every component's details (anyone else, anonymous included, sees
     * the status alone); MissingNode when it does not answer.
     */
    public JsonNode health(String adminToken) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(endpoint.replace("/graphql",
                    "/actuator/health"))).header("Authorization", "Bearer " + adminToken)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether every streaming projection of the service has applied every stored event: in its health
     * ({@code eventProcessors}, shown to admins), each such processor is caught up, not in error, with no lag behind
     * the event store's head. The signal to read the read models by, instead of waiting for them to look settled.
     */
    public boolean projectionsAtHead(String adminToken) {
        JsonNode processors = health(adminToken).path("components").path("eventProcessors").path("details");
        if (processors.path("head").asLong(-1) < 0) {
            return false;
        }
        boolean streaming = false;
        for (java.util.Iterator<Map.Entry<String, JsonNode>> it = processors.fields(); it.hasNext(); ) {
            JsonNode processor = it.next().getValue();
            if (!processor.has("segments")) {
                continue; // the head, or a subscribing processor
            }
            streaming = true;
            if (processor.path("error").asBoolean() || processor.path("lag").asLong(-1) != 0
                    || processor.path("segments").isEmpty()) {
                return false;
            }
            for (JsonNode segment : processor.path("segments")) {
                if (!segment.path("caughtUp").asBoolean()) {
                    return false;
                }
            }
        }
        return streaming;
    }

    /** Every node of a Relay connection at {@code path} (e.g. "suppliers"), page by page. */
    public List<JsonNode> all(String token, String field, String args, String selection) {
        return all(token, field, "ID", args, selection);
    }

    /**
     * As {@link #all(String, String, String, String)}, for a connection whose cursor has another type. Pages of 100:
     * the complexity limit counts the selection per entry, and an unpaged list in it (e.g. {@code sourceRefs}) at its
     * declared size.
     */
    public List<JsonNode> all(String token, String field, String cursorType, String args, String selection) {
        return all(token, field, cursorType, 100, args, selection);
    }

    /** As above, with a smaller page for wide selections (the complexity limit counts the selection per entry). */
    public List<JsonNode> all(String token, String field, String cursorType, int pageSize, String args,
                              String selection) {
        List<JsonNode> nodes = new ArrayList<>();
        String after = null;
        while (true) {
            String query = "query($after: " + cursorType + ") { " + field + "(first: " + pageSize + ", after: $after" + args + ") { edges { node { "
                    + selection + " } } pageInfo { hasNextPage endCursor } } }";
            Map<String, Object> variables = new java.util.HashMap<>();
            variables.put("after", after);
            Answer page = post(token, query, variables);
            if (page.hasErrors()) {
                throw new AssertionError("paging " + field + " failed: " + page.text());
            }
            JsonNode connection = page.data().path(field);
            connection.path("edges").forEach(edge -> nodes.add(edge.path("node")));
            if (!connection.path("pageInfo").path("hasNextPage").asBoolean()) {
                return nodes;
            }
            after = connection.path("pageInfo").path("endCursor").asText();
        }
    }

    /** The total of {@code recordCounts} for one type (the count with status null). */
    public long recordCount(String token, String type) {
        Answer answer = post(token, "query($t: RecordType) { recordCounts(type: $t) { type status count } }",
                Map.of("t", type));
        for (JsonNode count : answer.data().path("recordCounts")) {
            if (count.path("status").isNull()) {
                return count.path("count").asLong();
            }
        }
        throw new AssertionError("no total in " + answer.text());
    }

    private static String body(String query, Map<String, Object> variables) {
        try {
            Map<String, Object> payload = new java.util.HashMap<>();
            payload.put("query", query);
            payload.put("variables", variables);
            return JSON.writeValueAsString(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest request(String token, String body, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/graphql-response+json, application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    private static Answer answer(HttpResponse<String> response) {
        String text = response.body() == null ? "" : response.body();
        JsonNode body;
        try {
            body = text.isBlank() ? NullNode.getInstance() : JSON.readTree(text);
        } catch (IOException notJson) {
            body = NullNode.getInstance();
        }
        return new Answer(response.statusCode(), body, text);
    }
}
