package io.mdg.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import io.mdg.app.ServiceHarness;
import io.mdg.e2e.support.GraphQlClient.Answer;

/**
 * Steps of the supplier-stewardship tests through the API with real tokens: approving a change request (with or
 * without a verification note) and reading a supplier or a change request until it is as expected.
 */
public final class StewardSteps {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String APPROVE = """
            mutation($id: ID!, $note: String) { approveChangeRequest(id: $id, comment: "checked",
                verificationNote: $note) { status } }""";

    private final GraphQlClient api;
    private final KeycloakServer keycloak;

    public StewardSteps(GraphQlClient api, KeycloakServer keycloak) {
        this.api = api;
        this.keycloak = keycloak;
    }

    /** {@code user}'s approval of the request, with {@code note} as verification note (may be null). */
    public Answer approval(String user, String request, String note) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("id", request);
        variables.put("note", note);
        return api.post(keycloak.userToken(user), APPROVE, variables);
    }

    /** {@code user} approves the request; fails the test when refused. */
    public void approve(String user, String request, String note) {
        Answer answer = approval(user, request, note);
        assertThat(answer.body().has("errors")).as(answer.body().toString()).isFalse();
    }

    /** The reason ({@code extensions.reason}) the API gave for refusing {@code user}'s approval. */
    public String refusal(String user, String request, String note) {
        return approval(user, request, note).firstError().path("extensions").path("reason").asText();
    }

    /** The supplier as {@code query} (variable {@code $id}) reads it, once {@code ready} holds. */
    public JsonNode supplier(String token, String query, String id, Predicate<JsonNode> ready) {
        return poll(token, query, id, "supplier", ready);
    }

    /** The change request as {@code query} (variable {@code $id}) reads it, once {@code ready} holds. */
    public JsonNode changeRequest(String token, String query, String id, Predicate<JsonNode> ready) {
        return poll(token, query, id, "changeRequest", ready);
    }

    private JsonNode poll(String token, String query, String id, String field, Predicate<JsonNode> ready) {
        try {
            return ServiceHarness.eventually(() -> api.post(token, query, Map.of("id", id)).data().path(field),
                    node -> !node.isMissingNode() && !node.isNull() && ready.test(node), WAIT);
        } catch (Exception e) {
            throw new AssertionError(field + " " + id + " never became as expected", e);
        }
    }
}
