package io.mdg.e2e.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Test-time changes to the test Keycloak through its admin REST API (bootstrap admin {@code admin}/{@code admin},
 * local test instance only): e.g. a client whose tokens expire after a second, to prove expiry is enforced.
 */
public final class KeycloakAdmin {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Puts the API's audience {@code mdg-api} into a client's access tokens. */
    private static final Map<String, Object> AUDIENCE_MAPPER = Map.of("name", "mdg-api audience",
            "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
            "config", Map.of("included.custom.audience", "mdg-api", "access.token.claim", "true",
                    "id.token.claim", "false"));

    private final KeycloakServer keycloak;
    private final HttpClient http = HttpClient.newHttpClient();

    public KeycloakAdmin(KeycloakServer keycloak) {
        this.keycloak = keycloak;
    }

    /** Creates a confidential source client (client credentials) with the mdg-api audience and a short lifespan. */
    public void createShortLivedSourceClient(String clientId, String secret, String sourceSystem, int lifespanSeconds)
            throws Exception {
        Map<String, Object> client = Map.of(
                "clientId", clientId,
                "enabled", true,
                "publicClient", false,
                "secret", secret,
                "serviceAccountsEnabled", true,
                "standardFlowEnabled", false,
                "directAccessGrantsEnabled", false,
                "attributes", Map.of("access.token.lifespan", String.valueOf(lifespanSeconds)),
                "protocolMappers", List.of(
                        AUDIENCE_MAPPER,
                        Map.of("name", "source system", "protocol", "openid-connect",
                                "protocolMapper", "oidc-hardcoded-claim-mapper",
                                "config", Map.of("claim.name", "source_system", "claim.value", sourceSystem,
                                        "jsonType.label", "String", "access.token.claim", "true"))));
        createClient(clientId, client);
    }

    /**
     * Creates a public client for demo users' password grants (as {@code mdg-cli}: audience {@code mdg-api}, realm
     * roles) whose access tokens expire after the given lifespan; get tokens with
     * {@link KeycloakServer#tokenFrom(String, String)}.
     */
    public void createShortLivedUserClient(String clientId, int lifespanSeconds) throws Exception {
        Map<String, Object> client = Map.of(
                "clientId", clientId,
                "enabled", true,
                "publicClient", true,
                "standardFlowEnabled", false,
                "directAccessGrantsEnabled", true,
                "attributes", Map.of("access.token.lifespan", String.valueOf(lifespanSeconds)),
                "protocolMappers", List.of(AUDIENCE_MAPPER));
        createClient(clientId, client);
    }

    /** Client credentials for any confidential client of the realm. */
    public String clientToken(String clientId, String secret) throws Exception {
        return token(keycloak.tokenEndpoint(), Map.of("grant_type", "client_credentials",
                "client_id", clientId, "client_secret", secret));
    }

    /**
     * Adds a new RSA signing key to the realm with a higher priority than the existing ones (a key rotation): new
     * tokens are signed with it, tokens signed with the old key stay valid while that key is still in the realm.
     * Answers the new key's id.
     */
    public String rotateSigningKey(int priority) throws Exception {
        String realmId = realmId();
        Map<String, Object> component = Map.of(
                "name", "rotated-rsa-" + priority,
                "providerId", "rsa-generated",
                "providerType", "org.keycloak.keys.KeyProvider",
                "parentId", realmId,
                "config", Map.of("priority", List.of(String.valueOf(priority)), "keySize", List.of("2048"),
                        "active", List.of("true"), "enabled", List.of("true"), "algorithm", List.of("RS256")));
        HttpResponse<String> created = postToRealm("/components", component);
        if (created.statusCode() != 201) {
            throw new IllegalStateException("could not add a key: " + created.statusCode() + " " + created.body());
        }
        HttpResponse<String> keys = http.send(HttpRequest.newBuilder(
                        URI.create(keycloak.baseUrl() + "/admin/realms/" + KeycloakServer.REALM + "/keys"))
                .header("Authorization", "Bearer " + adminToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(keys.body()).path("active").path("RS256").asText();
    }

    /**
     * Imports a realm file as a new realm named {@code realm} (e.g. the production realm next to the demo realm
     * {@code mdg} of the same Keycloak), as Keycloak's {@code --import-realm} would.
     */
    public void importRealm(java.nio.file.Path realmFile, String realm) throws Exception {
        importRealm(realmFile, realm, java.util.Map.of());
    }

    /**
     * Imports a realm file under another realm name, with its {@code ${NAME}} placeholders replaced by the given
     * values, as Keycloak's import at start-up replaces them with environment variables.
     */
    public void importRealm(java.nio.file.Path realmFile, String realm, java.util.Map<String, String> environment)
            throws Exception {
        String text = java.nio.file.Files.readString(realmFile);
        for (var variable : environment.entrySet()) {
            text = text.replace("${" + variable.getKey() + "}", variable.getValue());
        }
        com.fasterxml.jackson.databind.node.ObjectNode representation =
                (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(text);
        representation.put("realm", realm);
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                        URI.create(keycloak.baseUrl() + "/admin/realms"))
                .header("Authorization", "Bearer " + adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(representation)))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201 && created.statusCode() != 409) {
            throw new IllegalStateException("could not import realm " + realm + " from " + realmFile + ": "
                    + created.statusCode() + " " + created.body());
        }
    }

    /** A realm's settings as Keycloak holds them ({@code GET /admin/realms/<realm>}). */
    public com.fasterxml.jackson.databind.JsonNode realm(String realm) throws Exception {
        return get("/admin/realms/" + realm);
    }

    /** A realm's clients as Keycloak holds them. */
    public com.fasterxml.jackson.databind.JsonNode clients(String realm) throws Exception {
        return get("/admin/realms/" + realm + "/clients");
    }

    /** A realm's users (the first 100). */
    public com.fasterxml.jackson.databind.JsonNode users(String realm) throws Exception {
        return get("/admin/realms/" + realm + "/users?max=100&briefRepresentation=true");
    }

    /**
     * Creates a confidential client in {@code realm} whose service account holds the given realm roles and whose tokens
     * carry the {@code mdg-api} audience: a caller with those roles in a realm without users or password grants.
     * Answers a client-credentials token of it.
     */
    public String serviceAccountToken(String realm, String clientId, String... realmRoles) throws Exception {
        String secret = clientId + "-test-secret";
        Map<String, Object> client = Map.of(
                "clientId", clientId, "enabled", true, "publicClient", false, "secret", secret,
                "serviceAccountsEnabled", true, "standardFlowEnabled", false, "directAccessGrantsEnabled", false,
                "protocolMappers", List.of(AUDIENCE_MAPPER));
        String base = keycloak.baseUrl() + "/admin/realms/" + realm;
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/clients"))
                .header("Authorization", "Bearer " + adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(client))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201 && created.statusCode() != 409) {
            throw new IllegalStateException("could not create client " + clientId + ": " + created.statusCode()
                    + " " + created.body());
        }
        String id = get("/admin/realms/" + realm + "/clients?clientId=" + clientId).path(0).path("id").asText();
        String user = get("/admin/realms/" + realm + "/clients/" + id + "/service-account-user").path("id").asText();
        List<com.fasterxml.jackson.databind.JsonNode> roles = new java.util.ArrayList<>();
        for (String role : realmRoles) {
            roles.add(get("/admin/realms/" + realm + "/roles/" + role));
        }
        HttpResponse<String> mapped = http.send(HttpRequest.newBuilder(
                        URI.create(base + "/users/" + user + "/role-mappings/realm"))
                .header("Authorization", "Bearer " + adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(roles))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (mapped.statusCode() != 204) {
            throw new IllegalStateException("could not give " + clientId + " roles " + List.of(realmRoles) + ": "
                    + mapped.statusCode() + " " + mapped.body());
        }
        return token(keycloak.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token", Map.of(
                "grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
    }

    /**
     * Keycloak's answer to a password grant in {@code realm} through {@code clientId} (status and body), e.g. to show
     * that a public client without direct access grants refuses it.
     */
    public HttpResponse<String> passwordGrant(String realm, String clientId, String username, String password)
            throws Exception {
        String body = "grant_type=password&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(URI.create(keycloak.baseUrl() + "/realms/" + realm
                        + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private com.fasterxml.jackson.databind.JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(keycloak.baseUrl() + path))
                .header("Authorization", "Bearer " + adminToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /**
     * Creates a person in the realm {@code mdg} with the demo password and the given realm roles (a complete profile,
     * so that a password grant needs no further action); answers the user's id.
     */
    public String createUser(String username, String... realmRoles) throws Exception {
        HttpResponse<String> created = postToRealm("/users", Map.of(
                "username", username, "enabled", true, "emailVerified", true,
                "email", username + "@example.org", "firstName", username, "lastName", "Test",
                "credentials", List.of(Map.of("type", "password", "value", KeycloakServer.DEMO_PASSWORD,
                        "temporary", false))));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("could not create user " + username + ": " + created.statusCode() + " "
                    + created.body());
        }
        String location = created.headers().firstValue("Location").orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);
        List<com.fasterxml.jackson.databind.JsonNode> roles = new java.util.ArrayList<>();
        for (String role : realmRoles) {
            roles.add(get("/admin/realms/" + KeycloakServer.REALM + "/roles/" + role));
        }
        HttpResponse<String> mapped = postToRealm("/users/" + id + "/role-mappings/realm", roles);
        if (mapped.statusCode() != 204) {
            throw new IllegalStateException("could not give " + username + " its roles: " + mapped.statusCode());
        }
        return id;
    }

    /** Enables or disables a person of the realm {@code mdg}, as an administrator does in the admin console. */
    public void setUserEnabled(String userId, boolean enabled) throws Exception {
        send("PUT", "/users/" + userId, Map.of("enabled", enabled), 204);
    }

    /** Deletes a person of the realm {@code mdg}. */
    public void deleteUser(String userId) throws Exception {
        send("DELETE", "/users/" + userId, null, 204);
    }

    private void send(String method, String path, Object body, int expected) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(keycloak.baseUrl() + "/admin/realms/" + KeycloakServer.REALM + path))
                .header("Authorization", "Bearer " + adminToken())
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
    }

    /** Creates the client (an existing one of the same id is left as it is). */
    private void createClient(String clientId, Map<String, Object> client) throws Exception {
        HttpResponse<String> created = postToRealm("/clients", client);
        if (created.statusCode() != 201 && created.statusCode() != 409) {
            throw new IllegalStateException("could not create client " + clientId + ": " + created.statusCode()
                    + " " + created.body());
        }
    }

    /** POSTs the body as JSON to the admin API of the realm, below {@code /admin/realms/mdg}. */
    private HttpResponse<String> postToRealm(String path, Object body) throws Exception {
        return http.send(HttpRequest.newBuilder(
                        URI.create(keycloak.baseUrl() + "/admin/realms/" + KeycloakServer.REALM + path))
                .header("Authorization", "Bearer " + adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A token of the master realm's admin (another realm than the service's). */
    public String masterRealmToken() throws Exception {
        return adminToken();
    }

    private String realmId() throws Exception {
        HttpResponse<String> realm = http.send(HttpRequest.newBuilder(
                        URI.create(keycloak.baseUrl() + "/admin/realms/" + KeycloakServer.REALM))
                .header("Authorization", "Bearer " + adminToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(realm.body()).path("id").asText();
    }

    private String adminToken() throws Exception {
        return token(keycloak.baseUrl() + "/realms/master/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "admin"));
    }

    private String token(String endpoint, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .reduce((a, b) -> a + "&" + b).orElse("");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(endpoint))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token request failed: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("access_token").asText();
    }
}
