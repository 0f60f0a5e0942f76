package io.mdg.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The realm exports define what the service's security model relies on (tokens are proven in SupplierSliceIT): the
 * demo realm {@code mdg-realm.json} (demo users, password grants for the command line) and the production realm
 * {@code mdg-realm-prod.json} (the same roles and source clients, no demo conveniences; run in ProductionProfileIT).
 */
class RealmFileTest {

    private static final Map<String, String> SOURCE_CLIENTS = Map.of(
            "erp", "ERP", "sourcing", "SOURCING", "inventory", "INVENTORY", "supplier-portal", "SUPPLIER_PORTAL");

    private static JsonNode realm;
    private static JsonNode production;

    @BeforeAll
    static void read() throws IOException {
        realm = new ObjectMapper().readTree(Path.of("..", "keycloak", "mdg-realm.json").toFile());
        production = new ObjectMapper().readTree(Path.of("..", "keycloak", "mdg-realm-prod.json").toFile());
    }

    @Test
    void the_production_realm_has_the_roles_and_source_clients_without_the_demo_conveniences() {
        assertThat(production.path("realm").asText()).isEqualTo(realm.path("realm").asText());
        assertThat(production.path("roles").path("realm").findValuesAsText("name"))
                .containsExactlyInAnyOrderElementsOf(realm.path("roles").path("realm").findValuesAsText("name"));
        assertThat(production.path("sslRequired").asText()).isEqualTo("external");
        assertThat(production.path("bruteForceProtected").asBoolean()).isTrue();
        List<String> clientIds = production.path("clients").findValuesAsText("clientId");
        assertThat(clientIds).containsAll(SOURCE_CLIENTS.keySet()).contains("mdg-console", "mdg-api");
        for (JsonNode client : production.path("clients")) {
            String clientId = client.path("clientId").asText();
            if (clientId.equals("mdg-api")) {
                // the service and Keycloak must share it: both read it from the environment, none is in the file
                assertThat(client.path("secret").asText()).as(clientId).isEqualTo("${MDG_KEYCLOAK_API_SECRET}");
                // its service account may only view users (whether a delegator is still enabled), nothing more
                assertThat(client.path("serviceAccountsEnabled").asBoolean()).as(clientId).isTrue();
                assertThat(client.path("fullScopeAllowed").asBoolean(true)).as(clientId).isFalse();
                assertThat(client.path("standardFlowEnabled").asBoolean()).as(clientId + ": no flow").isFalse();
                assertThat(client.path("directAccessGrantsEnabled").asBoolean()).as(clientId).isFalse();
                continue;
            }
            assertThat(client.has("secret")).as(clientId + ": no secret in the file").isFalse();
            if (client.path("publicClient").asBoolean()) {
                assertThat(client.path("directAccessGrantsEnabled").asBoolean()).as(clientId).isFalse();
            }
        }
        assertThat(production.path("users").findValuesAsText("username"))
                .allMatch(name -> name.startsWith("service-account-"));
        assertThat(production.toString()).doesNotContain("\"credentials\"");
    }

    @Test
    void defines_the_realm_roles() {
        assertThat(realm.path("realm").asText()).isEqualTo("mdg");
        assertThat(realm.path("roles").path("realm").findValuesAsText("name")).contains("supplier-steward",
                "item-steward", "contract-steward", "location-steward", "auditor", "analyst", "admin", "source-system",
                "finance-controller", "category-manager", "data-governance-lead");
    }

    @Test
    void the_escalation_role_of_the_shipped_rules_has_a_demo_user() {
        for (io.mdg.api.EntityType type : io.mdg.api.EntityType.values()) {
            String role = io.mdg.rules.file.RulesFile.loadDefault().policy().escalationRole(type).orElseThrow();
            assertThat(usersWith(role)).as(role).contains("gil.governance");
        }
        assertThat(production.path("roles").path("realm").findValuesAsText("name")).contains("data-governance-lead");
    }

    @Test
    void has_the_approval_step_roles_of_the_shipped_rules_with_two_people_each_and_one_holding_two_roles() {
        for (String role : List.of("finance-controller", "category-manager")) {
            assertThat(usersWith(role)).as(role).isNotEmpty();
        }
        assertThat(usersWith("finance-controller")).hasSizeGreaterThanOrEqualTo(2);
        // someone holding two step roles of one request counts once (segregation of duties across steps)
        assertThat(rolesOf("pat.procure")).contains("supplier-steward", "finance-controller");
        for (String role : io.mdg.rules.file.RulesFile.loadDefault().access().deciderRoles().values().stream()
                .flatMap(java.util.Set::stream).toList()) {
            assertThat(realm.path("roles").path("realm").findValuesAsText("name")).as(role).contains(role);
        }
    }

    @Test
    void every_source_system_has_a_confidential_client_whose_token_names_it_and_the_api() {
        SOURCE_CLIENTS.forEach((clientId, system) -> {
            JsonNode client = client(clientId);
            assertThat(client.path("publicClient").asBoolean()).as(clientId).isFalse();
            assertThat(client.path("serviceAccountsEnabled").asBoolean()).as(clientId).isTrue();
            assertThat(client.path("directAccessGrantsEnabled").asBoolean()).as(clientId).isFalse();
            assertThat(mapperConfig(client, "oidc-hardcoded-claim-mapper").path("claim.value").asText()).isEqualTo(system);
            assertThat(mapperConfig(client, "oidc-audience-mapper").path("included.custom.audience").asText())
                    .isEqualTo("mdg-api");
            assertThat(rolesOf("service-account-" + clientId)).as(clientId).contains("source-system");
        });
    }

    @Test
    void has_two_stewards_per_domain_and_an_auditor_analyst_and_admin() {
        for (String role : List.of("supplier-steward", "item-steward", "contract-steward", "location-steward")) {
            assertThat(usersWith(role)).as(role).hasSizeGreaterThanOrEqualTo(2);
        }
        for (String role : List.of("auditor", "analyst", "admin")) {
            assertThat(usersWith(role)).as(role).isNotEmpty();
        }
    }

    /**
     * The service asks Keycloak's admin API whether a delegator is still enabled as the service account of its own
     * client mdg-api: that account may view users and nothing else (no realm role, no other realm-management role),
     * and its tokens carry only that role (no full scope), in the demo and the production realm alike.
     */
    @Test
    void the_service_account_of_mdg_api_may_only_view_users() {
        for (JsonNode file : List.of(realm, production)) {
            JsonNode api = StreamSupport.stream(file.path("clients").spliterator(), false)
                    .filter(c -> c.path("clientId").asText().equals("mdg-api")).findFirst().orElseThrow();
            assertThat(api.path("serviceAccountsEnabled").asBoolean()).isTrue();
            assertThat(api.path("fullScopeAllowed").asBoolean(true)).isFalse();
            assertThat(api.path("publicClient").asBoolean()).isFalse();
            assertThat(api.path("standardFlowEnabled").asBoolean()).isFalse();
            assertThat(api.path("directAccessGrantsEnabled").asBoolean()).isFalse();
            assertThat(api.path("protocolMappers").isMissingNode() || api.path("protocolMappers").isEmpty())
                    .as("no mapper: its tokens are not for the API").isTrue();
            JsonNode account = StreamSupport.stream(file.path("users").spliterator(), false)
                    .filter(u -> u.path("serviceAccountClientId").asText().equals("mdg-api")).findFirst()
                    .orElseThrow();
            assertThat(account.path("username").asText()).isEqualTo("service-account-mdg-api");
            assertThat(account.path("realmRoles")).isEmpty();
            assertThat(account.path("clientRoles").properties()).extracting(Map.Entry::getKey)
                    .containsExactly("realm-management");
            assertThat(StreamSupport.stream(account.path("clientRoles").path("realm-management").spliterator(),
                    false).map(JsonNode::asText)).containsExactly("view-users");
            JsonNode scope = file.path("clientScopeMappings").path("realm-management");
            assertThat(scope).hasSize(1);
            assertThat(scope.path(0).path("client").asText()).isEqualTo("mdg-api");
            assertThat(StreamSupport.stream(scope.path(0).path("roles").spliterator(), false).map(JsonNode::asText))
                    .containsExactly("view-users");
        }
    }

    /** Keycloak keeps a client's description in 255 characters: a longer one fails the import. */
    @Test
    void every_client_description_fits_keycloaks_column() {
        for (JsonNode file : List.of(realm, production)) {
            for (JsonNode client : file.path("clients")) {
                assertThat(client.path("description").asText().length()).as(client.path("clientId").asText())
                        .isLessThanOrEqualTo(255);
            }
        }
    }

    @Test
    void has_two_admins_because_a_rules_change_needs_a_second_admins_approval() {
        assertThat(usersWith("admin")).hasSizeGreaterThanOrEqualTo(2);
    }

    private static JsonNode client(String clientId) {
        return StreamSupport.stream(realm.path("clients").spliterator(), false)
                .filter(c -> c.path("clientId").asText().equals(clientId)).findFirst().orElseThrow();
    }

    private static JsonNode mapperConfig(JsonNode client, String mapperType) {
        return StreamSupport.stream(client.path("protocolMappers").spliterator(), false)
                .filter(m -> m.path("protocolMapper").asText().equals(mapperType)).findFirst().orElseThrow()
                .path("config");
    }

    private static List<String> rolesOf(String username) {
        List<String> roles = new ArrayList<>();
        StreamSupport.stream(realm.path("users").spliterator(), false)
                .filter(u -> u.path("username").asText().equals(username))
                .forEach(u -> u.path("realmRoles").forEach(r -> roles.add(r.asText())));
        return roles;
    }

    private static List<String> usersWith(String role) {
        return StreamSupport.stream(realm.path("users").spliterator(), false)
                .filter(u -> !u.path("username").asText().startsWith("service-account-"))
                .filter(u -> StreamSupport.stream(u.path("realmRoles").spliterator(), false)
                        .anyMatch(r -> r.asText().equals(role)))
                .map(u -> u.path("username").asText()).toList();
    }
}
