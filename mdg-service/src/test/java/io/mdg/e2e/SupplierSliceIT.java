package io.mdg.e2e;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.mdg.app.ServiceHarness;
import io.mdg.e2e.support.GraphQlClient;
import io.mdg.e2e.support.GraphQlClient.Answer;
import io.mdg.e2e.support.KeycloakAdmin;
import io.mdg.e2e.support.KeycloakServer;

/**
 * The vertical slice end to end on the real stack: a real Keycloak (from the Maven artifact) issues the tokens,
 * the assembled service runs on its embedded defaults, and everything goes over HTTP as a client would send it.
 */
class SupplierSliceIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SUBMIT = """
            mutation($input: SupplierSubmissionInput!) {
              submitSupplier(input: $input) { outcome goldenId attributes { attribute status } errors { field code } }
            }""";
    private static final String SUPPLIER = """
            query($id: ID!) { supplier(id: $id) { id version status legalName taxId
                                                  sourceRefs { system sourceId sourceVersion } } }""";
    private static final String BY_SOURCE = """
            query($system: SourceSystem!, $sourceId: String!) {
              recordBySource(system: $system, sourceId: $sourceId) { __typename id ... on Supplier { legalName } }
            }""";

    private static KeycloakServer keycloak;
    private static ServiceHarness service;
    private static GraphQlClient api;
    private static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        keycloak = KeycloakServer.shared();
        dataDir = Files.createTempDirectory("mdg-e2e");
        service = ServiceHarness.start(dataDir, Map.of(
                "mdg.security.issuer", keycloak.issuer(),
                "mdg.security.clock-skew", "0s"));
        api = new GraphQlClient("http://localhost:" + service.port() + "/graphql");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void a_source_submits_a_supplier_and_an_analyst_reads_the_golden_record() throws Exception {
        String erp = keycloak.clientToken("erp");

        Answer created = api.post(erp, SUBMIT, Map.of("input", Map.of(
                "sourceId", "V-1001", "sourceVersion", 1, "legalName", "Acme Medical Inc.", "taxId", "123456789")));
        assertThat(created.status()).isEqualTo(200);
        JsonNode result = created.data().path("submitSupplier");
        assertThat(result.path("outcome").asText()).isEqualTo("CREATED");
        String id = result.path("goldenId").asText();

        String analyst = keycloak.userToken("andy.analyst");
        JsonNode supplier = eventually(() -> api.post(analyst, SUPPLIER, Map.of("id", id)).data().path("supplier"),
                s -> !s.isNull() && !s.isMissingNode(), WAIT);
        assertThat(supplier.path("legalName").asText()).isEqualTo("Acme Medical Inc.");
        assertThat(supplier.path("taxId").asText()).isEqualTo("12-3456789");
        assertThat(supplier.path("sourceRefs").path(0).path("system").asText()).isEqualTo("ERP");

        JsonNode bySource = api.post(keycloak.userToken("sam.supplier"), BY_SOURCE,
                Map.of("system", "ERP", "sourceId", "V-1001")).data().path("recordBySource");
        assertThat(bySource.path("__typename").asText()).isEqualTo("Supplier");
        assertThat(bySource.path("id").asText()).isEqualTo(id);
    }

    @Test
    void retries_and_out_of_order_submissions_change_nothing() throws Exception {
        String erp = keycloak.clientToken("erp");
        Map<String, Object> v2 = Map.of("sourceId", "V-2002", "sourceVersion", 2, "legalName", "Baxter Supply LLC");
        String id = api.post(erp, SUBMIT, Map.of("input", v2)).data().path("submitSupplier").path("goldenId").asText();

        JsonNode repeat = api.post(erp, SUBMIT, Map.of("input", v2)).data().path("submitSupplier");
        assertThat(repeat.path("outcome").asText()).isEqualTo("UNCHANGED");
        assertThat(repeat.path("goldenId").asText()).isEqualTo(id);

        JsonNode older = api.post(erp, SUBMIT, Map.of("input", Map.of(
                "sourceId", "V-2002", "sourceVersion", 1, "legalName", "Baxter Supply Inc."))).data().path("submitSupplier");
        assertThat(older.path("outcome").asText()).isEqualTo("STALE");

        String analyst = keycloak.userToken("andy.analyst");
        JsonNode supplier = eventually(() -> api.post(analyst, SUPPLIER, Map.of("id", id)).data().path("supplier"),
                s -> !s.isNull() && !s.isMissingNode(), WAIT);
        assertThat(supplier.path("legalName").asText()).isEqualTo("Baxter Supply LLC");
        assertThat(supplier.path("version").asInt()).isEqualTo(1);
    }

    @Test
    void the_source_system_comes_from_the_token_of_each_client() throws Exception {
        String fromErp = api.post(keycloak.clientToken("erp"), SUBMIT, Map.of("input", Map.of(
                "sourceId", "SHARED-1", "legalName", "Shared Id Medical"))).data().path("submitSupplier").path("goldenId").asText();
        // The portal's record with the same id is another source record; the portal does not own the legal name,
        // so it cannot create a supplier on its own.
        JsonNode fromPortal = api.post(keycloak.clientToken("supplier-portal"), SUBMIT, Map.of("input", Map.of(
                "sourceId", "SHARED-1", "legalName", "Shared Id Medical"))).data().path("submitSupplier");
        assertThat(fromPortal.path("outcome").asText()).isEqualTo("REJECTED");
        assertThat(fromPortal.path("attributes").path(0).path("status").asText()).isEqualTo("NOT_SYSTEM_OF_RECORD");

        String analyst = keycloak.userToken("andy.analyst");
        JsonNode erpRecord = eventually(() -> api.post(analyst, SUPPLIER, Map.of("id", fromErp)).data().path("supplier"),
                s -> !s.isNull() && !s.isMissingNode(), WAIT);
        assertThat(erpRecord.path("sourceRefs").findValuesAsText("system")).containsExactly("ERP");
        assertThat(api.post(analyst, BY_SOURCE, Map.of("system", "SUPPLIER_PORTAL", "sourceId", "SHARED-1"))
                .data().path("recordBySource").isNull()).isTrue();

        Answer otherSystem = api.post(keycloak.clientToken("erp"), BY_SOURCE,
                Map.of("system", "SUPPLIER_PORTAL", "sourceId", "SHARED-1"));
        assertThat(otherSystem.firstError().path("extensions").path("code").asText()).isEqualTo("FORBIDDEN");
    }

    @Test
    void invalid_input_is_rejected_with_codes_and_leaves_nothing_behind() throws Exception {
        String erp = keycloak.clientToken("erp");
        JsonNode rejected = api.post(erp, SUBMIT, Map.of("input", Map.of(
                "sourceId", "V-3003", "taxId", "12-34"))).data().path("submitSupplier");
        assertThat(rejected.path("outcome").asText()).isEqualTo("REJECTED");
        assertThat(rejected.path("errors").findValuesAsText("code")).containsExactly("TAX_ID_FORMAT");

        Answer unknown = api.post(keycloak.userToken("andy.analyst"), BY_SOURCE,
                Map.of("system", "ERP", "sourceId", "V-3003"));
        assertThat(unknown.data().path("recordBySource").isNull()).isTrue();

        Answer badEnum = api.post(erp, BY_SOURCE, Map.of("system", "MAINFRAME", "sourceId", "x"));
        assertThat(badEnum.status()).isEqualTo(400);
        assertThat(badEnum.firstError().path("extensions").path("code").asText()).isEqualTo("BAD_REQUEST");
    }

    @Test
    void a_steward_cannot_submit_and_an_analyst_cannot_submit() {
        for (String user : List.of("sam.supplier", "andy.analyst", "ada.admin")) {
            Answer answer = api.post(keycloak.userToken(user), SUBMIT, Map.of("input", Map.of(
                    "sourceId", "V-4004", "legalName", "Not Allowed Inc.")));
            assertThat(answer.firstError().path("extensions").path("code").asText()).as(user).isEqualTo("FORBIDDEN");
        }
    }

    @Test
    void requests_without_a_valid_token_are_refused() throws Exception {
        Map<String, Object> vars = Map.of("id", "x");

        assertThat(api.post(null, SUPPLIER, vars).status()).as("no token").isEqualTo(401);

        String wrongAudience = keycloak.tokenFrom("other-app", "andy.analyst");
        assertThat(String.valueOf(KeycloakServer.claims(wrongAudience).get("aud"))).doesNotContain("mdg-api");
        assertThat(api.post(wrongAudience, SUPPLIER, vars).status()).as("token for another audience").isEqualTo(401);

        String valid = keycloak.userToken("andy.analyst");
        assertThat(api.post(tampered(valid), SUPPLIER, vars).status()).as("tampered token").isEqualTo(401);

        assertThat(api.post(forged(valid), SUPPLIER, vars).status()).as("token signed with another key").isEqualTo(401);

        KeycloakAdmin admin = new KeycloakAdmin(keycloak);
        admin.createShortLivedSourceClient("e2e-short-lived", "e2e-secret", "ERP", 1);
        String shortLived = admin.clientToken("e2e-short-lived", "e2e-secret");
        eventually(() -> api.post(shortLived, SUPPLIER, vars).status(), status -> status == 401, WAIT);
    }

    /** The payload changed to claim the admin role: the signature no longer matches. */
    private static String tampered(String jwt) {
        String[] parts = jwt.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]));
        String forgedPayload = payload.replace("\"analyst\"", "\"admin\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(forgedPayload.getBytes())
                + "." + parts[2];
    }

    /** The same claims and key id, signed with a key Keycloak never had. */
    private static String forged(String jwt) throws Exception {
        SignedJWT original = SignedJWT.parse(jwt);
        RSAKey attackerKey = new RSAKeyGenerator(2048).keyID(original.getHeader().getKeyID()).generate();
        JWTClaimsSet claims = new JWTClaimsSet.Builder(original.getJWTClaimsSet())
                .expirationTime(new Date(System.currentTimeMillis() + 300_000))
                .build();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(attackerKey.getKeyID()).build(), claims);
        forged.sign(new RSASSASigner(attackerKey));
        return forged.serialize();
    }
}
