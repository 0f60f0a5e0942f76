package io.mdg.app.realm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What {@code ./mdg} needs of a Keycloak realm export ({@code keycloak/mdg-realm.json}), read from the file itself so
 * that the launcher does not repeat it: the clients that get tokens by client credentials (their secret, their
 * {@code source_system} claim and their service account's roles), the public client through which users get tokens
 * by the password grant, and the users who can sign in (their password and roles).
 *
 * <p>Read as Keycloak imports it: a client is enabled unless it says {@code "enabled": false}, a user only when it
 * says {@code "enabled": true}; {@code publicClient}, {@code serviceAccountsEnabled} and
 * {@code directAccessGrantsEnabled} are false unless given. A user's roles are its realm roles without the realm's
 * default role ({@code default-roles-<realm>}, which every user has) and its client roles as {@code client:role}.
 *
 * @param realm               the realm's name ({@code "realm"})
 * @param serviceClients      enabled confidential clients with a service account, in file order, except the service's
 *                            own client ({@value #SERVICE_AUDIENCE}: its service account asks Keycloak about users, it
 *                            calls no API)
 * @param passwordGrantClient the first enabled public client that allows the password grant (direct access grants)
 *                            and puts the service's audience into its access tokens, if any
 * @param users               enabled users that are not a client's service account, in file order
 */
public record RealmFile(String realm, List<ServiceClient> serviceClients, Optional<String> passwordGrantClient,
        List<User> users) {

    /** The audience the service requires in access tokens ({@code mdg.security.audience}). */
    public static final String SERVICE_AUDIENCE = "mdg-api";

    /** The claim that names a source system in its tokens (a hard-coded claim mapper on its client). */
    static final String SOURCE_SYSTEM_CLAIM = "source_system";

    public RealmFile {
        serviceClients = List.copyOf(serviceClients);
        users = List.copyOf(users);
    }

    /**
     * A client that gets tokens by client credentials.
     *
     * @param secret       its secret, unless the file leaves it to Keycloak to generate one at import
     * @param sourceSystem the value of its hard-coded {@code source_system} claim, if it has one
     * @param roles        the roles of its service account user
     */
    public record ServiceClient(String clientId, Optional<String> secret, Optional<String> sourceSystem,
            List<String> roles) {
        public ServiceClient {
            roles = List.copyOf(roles);
        }
    }

    /**
     * A user who can sign in.
     *
     * @param password its password credential's value, unless it has none in clear text
     */
    public record User(String username, Optional<String> password, List<String> roles) {
        public User {
            roles = List.copyOf(roles);
        }
    }

    public Optional<ServiceClient> serviceClient(String clientId) {
        return serviceClients.stream().filter(c -> c.clientId().equals(clientId)).findFirst();
    }

    public Optional<User> user(String username) {
        return users.stream().filter(u -> u.username().equals(username)).findFirst();
    }

    /**
     * Reads a realm file.
     *
     * @throws RealmFileException when the file is missing, unreadable, not JSON, or not shaped as a realm export;
     *                            its message names the file and the problem
     */
    public static RealmFile read(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new RealmFileException(file, "no such file");
        } catch (IOException e) {
            throw new RealmFileException(file, "cannot be read (" + e + ")");
        }
        JsonNode root;
        try {
            root = new ObjectMapper()
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(content);
        } catch (JsonProcessingException e) {
            throw new RealmFileException(file, "not valid JSON" + at(e.getLocation()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new RealmFileException(file, "cannot be read (" + e + ")");
        }
        try {
            return parse(root);
        } catch (Problem p) {
            throw new RealmFileException(file, p.getMessage());
        }
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    static RealmFile parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new Problem("expected a JSON object (a Keycloak realm export), found "
                    + (root == null || root.isMissingNode() ? "nothing" : kind(root)));
        }
        String realm = text(root, "realm", "").filter(name -> !name.isBlank())
                .orElseThrow(() -> new Problem("no \"realm\" (the realm's name)"));
        String defaultRole = "default-roles-" + realm.toLowerCase(Locale.ROOT);

        List<JsonNode> clientNodes = objects(root, "clients", "");
        Set<String> clientIds = new HashSet<>();
        for (int i = 0; i < clientNodes.size(); i++) {
            String where = "clients[" + i + "]";
            String clientId = text(clientNodes.get(i), "clientId", where)
                    .orElseThrow(() -> new Problem(where + " has no \"clientId\""));
            if (!clientIds.add(clientId)) {
                throw new Problem("two clients with clientId '" + clientId + "'");
            }
        }

        // the service accounts' users: their roles are their clients'
        List<JsonNode> userNodes = objects(root, "users", "");
        List<User> users = new ArrayList<>();
        Map<String, List<String>> serviceAccountRoles = new HashMap<>();
        Set<String> usernames = new HashSet<>();
        for (int i = 0; i < userNodes.size(); i++) {
            JsonNode node = userNodes.get(i);
            String where = "users[" + i + "]";
            String username = text(node, "username", where)
                    .orElseThrow(() -> new Problem(where + " has no \"username\""));
            if (!usernames.add(username)) {
                throw new Problem("two users with username '" + username + "'");
            }
            List<String> roles = roles(node, where, defaultRole);
            Optional<String> password = password(node, where);
            boolean enabled = bool(node, "enabled", false, where);
            Optional<String> serviceAccountOf = text(node, "serviceAccountClientId", where);
            if (serviceAccountOf.isPresent()) {
                serviceAccountRoles.put(serviceAccountOf.get(), roles);
            } else if (enabled) {
                users.add(new User(username, password, roles));
            }
        }

        List<ServiceClient> serviceClients = new ArrayList<>();
        Optional<String> passwordGrantClient = Optional.empty();
        for (int i = 0; i < clientNodes.size(); i++) {
            JsonNode node = clientNodes.get(i);
            String where = "clients[" + i + "]";
            String clientId = node.get("clientId").asText();
            // every field read (and checked) whatever the client is
            boolean enabled = bool(node, "enabled", true, where);
            boolean bearerOnly = bool(node, "bearerOnly", false, where);
            boolean usable = enabled && !bearerOnly;
            boolean isPublic = bool(node, "publicClient", false, where);
            boolean serviceAccount = bool(node, "serviceAccountsEnabled", false, where);
            boolean passwordGrant = bool(node, "directAccessGrantsEnabled", false, where);
            Optional<String> secret = text(node, "secret", where);
            Optional<String> sourceSystem = sourceSystemClaim(node, where);
            boolean addsServiceAudience = addsServiceAudience(node, where);
            if (usable && !isPublic && serviceAccount && !clientId.equals(SERVICE_AUDIENCE)) {
                serviceClients.add(new ServiceClient(clientId, secret.filter(value -> !value.isEmpty()), sourceSystem,
                        serviceAccountRoles.getOrDefault(clientId, List.of())));
            }
            if (usable && isPublic && passwordGrant && addsServiceAudience && passwordGrantClient.isEmpty()) {
                passwordGrantClient = Optional.of(clientId);
            }
        }
        return new RealmFile(realm, serviceClients, passwordGrantClient, users);
    }

    private static Optional<String> sourceSystemClaim(JsonNode client, String where) {
        for (Map.Entry<String, JsonNode> mapper : mapperConfigs(client, where, "oidc-hardcoded-claim-mapper")) {
            JsonNode config = mapper.getValue();
            String configWhere = mapper.getKey();
            if (SOURCE_SYSTEM_CLAIM.equals(text(config, "claim.name", configWhere).orElse(null))
                    && !"false".equals(text(config, "access.token.claim", configWhere).orElse(null))) {
                return text(config, "claim.value", configWhere);
            }
        }
        return Optional.empty();
    }

    private static boolean addsServiceAudience(JsonNode client, String where) {
        for (Map.Entry<String, JsonNode> mapper : mapperConfigs(client, where, "oidc-audience-mapper")) {
            JsonNode config = mapper.getValue();
            String configWhere = mapper.getKey();
            boolean names = SERVICE_AUDIENCE.equals(text(config, "included.custom.audience", configWhere).orElse(null))
                    || SERVICE_AUDIENCE.equals(text(config, "included.client.audience", configWhere).orElse(null));
            if (names && !"false".equals(text(config, "access.token.claim", configWhere).orElse(null))) {
                return true;
            }
        }
        return false;
    }

    /** The configs of the client's protocol mappers of one kind, each under its path (for messages). */
    private static List<Map.Entry<String, JsonNode>> mapperConfigs(JsonNode client, String where, String kind) {
        List<Map.Entry<String, JsonNode>> configs = new ArrayList<>();
        List<JsonNode> mappers = objects(client, "protocolMappers", where);
        for (int j = 0; j < mappers.size(); j++) {
            String mapperWhere = where + ".protocolMappers[" + j + "]";
            if (kind.equals(text(mappers.get(j), "protocolMapper", mapperWhere).orElse(null))) {
                JsonNode config = object(mappers.get(j), "config", mapperWhere);
                if (config != null) {
                    configs.add(Map.entry(mapperWhere + ".config", config));
                }
            }
        }
        return configs;
    }

    private static Optional<String> password(JsonNode user, String where) {
        List<JsonNode> credentials = objects(user, "credentials", where);
        for (int j = 0; j < credentials.size(); j++) {
            JsonNode credential = credentials.get(j);
            String credentialWhere = where + ".credentials[" + j + "]";
            if ("password".equals(text(credential, "type", credentialWhere).orElse(null))) {
                Optional<String> value = text(credential, "value", credentialWhere);
                if (value.isPresent()) {
                    return value;
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> roles(JsonNode user, String where, String defaultRole) {
        List<String> roles = new ArrayList<>();
        for (String role : texts(user, "realmRoles", where)) {
            if (!role.equals(defaultRole) && !roles.contains(role)) {
                roles.add(role);
            }
        }
        JsonNode clientRoles = object(user, "clientRoles", where);
        if (clientRoles != null) {
            for (Map.Entry<String, JsonNode> entry : clientRoles.properties()) {
                for (String role : texts(clientRoles, entry.getKey(), where + ".clientRoles")) {
                    roles.add(entry.getKey() + ":" + role);
                }
            }
        }
        return roles;
    }

    // ------------------------------------------------------------------------------------------ typed access

    private static String path(String where, String field) {
        return where.isEmpty() ? field : where + "." + field;
    }

    private static Optional<String> text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new Problem(path(where, field) + ": expected a string, found " + kind(value));
        }
        return Optional.of(value.textValue());
    }

    private static boolean bool(JsonNode node, String field, boolean absent, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isBoolean()) {
            throw new Problem(path(where, field) + ": expected true or false, found " + kind(value));
        }
        return value.booleanValue();
    }

    private static JsonNode object(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new Problem(path(where, field) + ": expected an object, found " + kind(value));
        }
        return value;
    }

    private static List<JsonNode> array(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new Problem(path(where, field) + ": expected an array, found " + kind(value));
        }
        List<JsonNode> elements = new ArrayList<>();
        value.forEach(elements::add);
        return elements;
    }

    private static List<JsonNode> objects(JsonNode node, String field, String where) {
        List<JsonNode> elements = array(node, field, where);
        for (int i = 0; i < elements.size(); i++) {
            if (!elements.get(i).isObject()) {
                throw new Problem(path(where, field) + "[" + i + "]: expected an object, found "
                        + kind(elements.get(i)));
            }
        }
        return elements;
    }

    private static List<String> texts(JsonNode node, String field, String where) {
        List<JsonNode> elements = array(node, field, where);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            if (!elements.get(i).isTextual()) {
                throw new Problem(path(where, field) + "[" + i + "]: expected a string, found "
                        + kind(elements.get(i)));
            }
            texts.add(elements.get(i).textValue());
        }
        return texts;
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    /** A problem with the file's shape, reported with the file's name by {@link #read(Path)}. */
    static final class Problem extends RuntimeException {
        Problem(String message) {
            super(message, null, false, false);
        }
    }
}
