package io.mdg.app.realm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mdg.app.realm.RealmFile.ServiceClient;
import io.mdg.app.realm.RealmFile.User;

class RealmFileReadingTest {

    /** The demo realm that ./mdg start imports (Surefire runs in mdg-service/). */
    private static final Path DEMO_REALM = Path.of("..", "keycloak", "mdg-realm.json");

    @TempDir
    Path dir;

    @Test
    void the_demo_realm_has_the_four_source_systems_with_their_secrets_and_claims() {
        RealmFile realm = RealmFile.read(DEMO_REALM);

        assertThat(realm.realm()).isEqualTo("mdg");
        assertThat(realm.serviceClients()).containsExactly(
                new ServiceClient("erp", Optional.of("erp-secret"), Optional.of("ERP"), List.of("source-system")),
                new ServiceClient("sourcing", Optional.of("sourcing-secret"), Optional.of("SOURCING"),
                        List.of("source-system")),
                new ServiceClient("inventory", Optional.of("inventory-secret"), Optional.of("INVENTORY"),
                        List.of("source-system")),
                new ServiceClient("supplier-portal", Optional.of("supplier-portal-secret"),
                        Optional.of("SUPPLIER_PORTAL"), List.of("source-system")));
    }

    @Test
    void the_demo_realm_gives_user_tokens_through_mdg_cli_not_through_clients_without_the_audience_or_grant() {
        // other-app also allows the password grant, but its tokens lack the mdg-api audience; mdg-console is
        // public but signs in with the authorization code flow only
        assertThat(RealmFile.read(DEMO_REALM).passwordGrantClient()).contains("mdg-cli");
    }

    @Test
    void the_demo_realm_has_the_demo_users_with_their_roles_and_password_but_not_the_service_accounts() {
        RealmFile realm = RealmFile.read(DEMO_REALM);

        assertThat(realm.users()).extracting(User::username).containsExactly("sam.supplier", "sue.supplier",
                "sol.supplier", "ian.item", "ivy.item", "carl.contract", "cora.contract", "leo.location",
                "lia.location", "fay.finance", "fred.finance", "gil.governance", "cat.category", "pat.procure", "audrey.auditor",
                "andy.analyst", "ada.admin", "abe.admin");
        assertThat(realm.users()).extracting(User::password).containsOnly(Optional.of("demo"));
        assertThat(realm.user("sam.supplier").orElseThrow().roles()).containsExactly("supplier-steward");
        assertThat(realm.user("ada.admin").orElseThrow().roles()).containsExactly("admin");
        assertThat(realm.user("pat.procure").orElseThrow().roles()).containsExactly("supplier-steward",
                "finance-controller");
        assertThat(realm.user("service-account-erp")).isEmpty();
        assertThat(realm.user("service-account-mdg-api")).isEmpty();
        assertThat(realm.serviceClient("mdg-api")).isEmpty();
        assertThat(realm.serviceClient("sam.supplier")).isEmpty();
    }

    @Test
    void whatever_the_file_says_is_what_is_read() throws IOException {
        Path file = write("""
                {
                  "realm": "mdg",
                  "clients": [
                    { "clientId": "wms", "secret": "another-secret", "serviceAccountsEnabled": true,
                      "protocolMappers": [
                        { "protocolMapper": "oidc-hardcoded-claim-mapper",
                          "config": { "claim.name": "source_system", "claim.value": "WMS" } } ] },
                    { "clientId": "generated", "serviceAccountsEnabled": true },
                    { "clientId": "mdg-api", "secret": "api-secret", "serviceAccountsEnabled": true },
                    { "clientId": "switched-off", "secret": "s", "serviceAccountsEnabled": true, "enabled": false },
                    { "clientId": "browser-only", "publicClient": true, "standardFlowEnabled": true,
                      "protocolMappers": [ { "protocolMapper": "oidc-audience-mapper",
                          "config": { "included.custom.audience": "mdg-api" } } ] },
                    { "clientId": "no-audience", "publicClient": true, "directAccessGrantsEnabled": true },
                    { "clientId": "cli", "publicClient": true, "directAccessGrantsEnabled": true,
                      "protocolMappers": [ { "protocolMapper": "oidc-audience-mapper",
                          "config": { "included.client.audience": "mdg-api" } } ] },
                    { "clientId": "second-cli", "publicClient": true, "directAccessGrantsEnabled": true,
                      "protocolMappers": [ { "protocolMapper": "oidc-audience-mapper",
                          "config": { "included.custom.audience": "mdg-api" } } ] }
                  ],
                  "users": [
                    { "username": "service-account-wms", "enabled": true, "serviceAccountClientId": "wms",
                      "realmRoles": [ "default-roles-mdg", "source-system", "auditor" ] },
                    { "username": "service-account-mdg-api", "enabled": true, "serviceAccountClientId": "mdg-api",
                      "clientRoles": { "realm-management": [ "view-users" ] } },
                    { "username": "quinn.quality", "enabled": true,
                      "credentials": [ { "type": "otp", "value": "123" }, { "type": "password", "value": "pw" } ],
                      "realmRoles": [ "default-roles-mdg", "data-quality", "analyst" ],
                      "clientRoles": { "mdg-api": [ "reader" ] } },
                    { "username": "no.password", "enabled": true },
                    { "username": "disabled", "enabled": false, "realmRoles": [ "admin" ] },
                    { "username": "not.enabled.either" }
                  ]
                }
                """);

        RealmFile realm = RealmFile.read(file);

        // the service's own client (mdg-api) has a service account to ask Keycloak about users, but calls no API
        assertThat(realm.serviceClients()).containsExactly(
                new ServiceClient("wms", Optional.of("another-secret"), Optional.of("WMS"),
                        List.of("source-system", "auditor")),
                new ServiceClient("generated", Optional.empty(), Optional.empty(), List.of()));
        assertThat(realm.passwordGrantClient()).contains("cli");
        assertThat(realm.users()).containsExactly(
                new User("quinn.quality", Optional.of("pw"), List.of("data-quality", "analyst", "mdg-api:reader")),
                new User("no.password", Optional.empty(), List.of()));
    }

    @Test
    void a_realm_without_clients_or_users_has_none() throws IOException {
        RealmFile realm = RealmFile.read(write("{\"realm\": \"empty\"}"));

        assertThat(realm.serviceClients()).isEmpty();
        assertThat(realm.users()).isEmpty();
        assertThat(realm.passwordGrantClient()).isEmpty();
    }

    @Test
    void a_file_that_is_not_json_is_named_with_where_it_breaks() throws IOException {
        String demo = Files.readString(DEMO_REALM);
        Path file = write(demo.substring(0, demo.indexOf("\"clients\"") + 20));

        assertThatThrownBy(() -> RealmFile.read(file))
                .isInstanceOf(RealmFileException.class)
                .hasMessageStartingWith(file + ": not valid JSON at line ")
                .hasMessageContaining("Unexpected end-of-input");
    }

    @Test
    void a_duplicate_key_or_trailing_text_is_malformed_too() throws IOException {
        Path duplicate = write("{\"realm\": \"mdg\", \"realm\": \"other\"}");
        Path trailing = write("{\"realm\": \"mdg\"} }");

        assertThatThrownBy(() -> RealmFile.read(duplicate))
                .hasMessageStartingWith(duplicate + ": not valid JSON at line 1")
                .hasMessageContaining("Duplicate field 'realm'");
        assertThatThrownBy(() -> RealmFile.read(trailing))
                .hasMessageStartingWith(trailing + ": not valid JSON at line 1");
    }

    @Test
    void a_file_of_the_wrong_shape_names_the_file_and_the_field() throws IOException {
        assertProblem("[]", "expected a JSON object (a Keycloak realm export), found an array");
        assertProblem("", "expected a JSON object (a Keycloak realm export), found nothing");
        assertProblem("{\"clients\": []}", "no \"realm\" (the realm's name)");
        assertProblem("{\"realm\": \"mdg\", \"clients\": {}}", "clients: expected an array, found an object");
        assertProblem("{\"realm\": \"mdg\", \"clients\": [{\"name\": \"x\"}]}", "clients[0] has no \"clientId\"");
        assertProblem("{\"realm\": \"mdg\", \"clients\": [{\"clientId\": 7}]}",
                "clients[0].clientId: expected a string, found a number");
        assertProblem("{\"realm\": \"mdg\", \"clients\": [{\"clientId\": \"a\", \"publicClient\": \"yes\"}]}",
                "clients[0].publicClient: expected true or false, found a string");
        assertProblem("{\"realm\": \"mdg\", \"clients\": [{\"clientId\": \"a\"}, {\"clientId\": \"a\"}]}",
                "two clients with clientId 'a'");
        assertProblem("{\"realm\": \"mdg\", \"users\": [{\"username\": \"u\", \"realmRoles\": \"admin\"}]}",
                "users[0].realmRoles: expected an array, found a string");
        assertProblem("{\"realm\": \"mdg\", \"users\": [{\"username\": \"u\", \"credentials\": [1]}]}",
                "users[0].credentials[0]: expected an object, found a number");
    }

    @Test
    void a_missing_file_is_named() {
        Path missing = dir.resolve("nowhere.json");

        assertThatThrownBy(() -> RealmFile.read(missing))
                .isInstanceOf(RealmFileException.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void the_summary_for_mdg_has_one_line_per_client_and_user_with_empty_fields_kept() throws IOException {
        Path file = write("""
                { "realm": "mdg",
                  "clients": [ { "clientId": "generated", "serviceAccountsEnabled": true } ],
                  "users": [ { "username": "u", "enabled": true, "realmRoles": [ "a", "b" ] } ] }
                """);

        assertThat(RealmSummary.summary(file)).isEqualTo("realm\u001fmdg\n"
                + "client\u001fgenerated\u001f\u001f\u001f\n"
                + "user\u001fu\u001f\u001fa, b\n");
        assertThat(RealmSummary.summary(DEMO_REALM).lines())
                .contains("client\u001ferp\u001ferp-secret\u001fERP\u001fsource-system",
                        "password-client\u001fmdg-cli",
                        "user\u001fsam.supplier\u001fdemo\u001fsupplier-steward")
                .hasSize(1 + 4 + 1 + 18);
    }

    @Test
    void the_summary_refuses_a_value_it_cannot_pass_on() throws IOException {
        Path file = write("{\"realm\": \"mdg\", \"users\": [{\"username\": \"a\\tb\", \"enabled\": true}]}");

        assertThatThrownBy(() -> RealmSummary.summary(file))
                .isInstanceOf(RealmFileException.class)
                .hasMessage(file + ": the user 'a?b' has a value with a control character (U+0009), which ./mdg "
                        + "cannot pass on");
    }

    private void assertProblem(String json, String problem) throws IOException {
        Path file = write(json);
        assertThatThrownBy(() -> RealmFile.read(file))
                .isInstanceOf(RealmFileException.class)
                .hasMessage(file + ": " + problem);
    }

    private int files;

    private Path write(String json) throws IOException {
        Path file = dir.resolve("realm-" + (++files) + ".json");
        Files.writeString(file, json, StandardCharsets.UTF_8);
        return file;
    }
}
