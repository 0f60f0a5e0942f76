package io.mdg.e2e.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A plain HTTP GraphQL client, as a portal or an integration would call the service. */
public final class GraphQlClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String endpoint;

    public GraphQlClient(String endpoint) {
        this.endpoint = endpoint;
    }

    /** The HTTP answer: status and parsed body (null when the body is empty). */
    public record Answer(int status, JsonNode body) {
        public JsonNode data() {
            return body.path("data");
        }

        public JsonNode firstError() {
            return body.path("errors").path(0);
        }
    }

    public Answer post(String token, String query, Map<String, Object> variables) {
        return post(token, query, variables, Map.of());
    }

    /** As {@link #post(String, String, Map)}, with these request headers too (e.g. {@code Idempotency-Key}). */
    public Answer post(String token, String query, Map<String, Object> variables, Map<String, String> headers) {
        try {
            String payload = JSON.writeValueAsString(Map.of("query", query, "variables", variables));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/graphql-response+json, application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(payload));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            headers.forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body() == null || response.body().isBlank() ? null : JSON.readTree(response.body());
            return new Answer(response.statusCode(), body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
