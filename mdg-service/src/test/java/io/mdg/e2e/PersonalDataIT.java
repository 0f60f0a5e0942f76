package io.mdg.e2e;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.mdg.app.ServiceHarness;
import io.mdg.e2e.support.GraphQlClient;
import io.mdg.e2e.support.GraphQlClient.Answer;
import io.mdg.e2e.support.KeycloakServer;

/**
 * Crypto-shredding of a contact person end to end with real Keycloak tokens: the supplier portal sends a supplier's
 * contact, a steward and an auditor may not erase it, the admin (ada.admin) does, and from then on no read shows the
 * person (the record, the audit trail), while the trail keeps the erasure with who and why; the stored events never
 * held the person's name or e-mail address in clear.
 */
class PersonalDataIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SUBMIT = """
            mutation($input: SupplierSubmissionInput!) { submitSupplier(input: $input) { outcome goldenId } }""";
    private static final String SUPPLIER = """
            query($id: ID!) { supplier(id: $id) { id contacts { personId name role email phone erased } } }""";
    private static final String ERASE = """
            mutation($s: ID!, $p: ID!) { eraseContact(supplierId: $s, personId: $p, reason: "data subject request")
                { id ... on Supplier { contacts { personId name email erased } } } }""";
    private static final String AUDIT = """
            query($id: ID!) { auditTrail(filter: { recordId: $id }, first: 50) {
                edges { node { action actor { name } comment changes { attribute before after } } } } }""";

    private static KeycloakServer keycloak;
    private static ServiceHarness service;
    private static GraphQlClient api;

    @BeforeAll
    static void start() throws Exception {
        keycloak = KeycloakServer.shared();
        service = ServiceHarness.start(Files.createTempDirectory("mdg-e2e-personal"),
                Map.of("mdg.security.issuer", keycloak.issuer()));
        api = new GraphQlClient("http://localhost:" + service.port() + "/graphql");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void an_admin_erases_a_contact_and_no_read_shows_the_person_again() throws Exception {
        // the ERP creates the supplier; the supplier portal, the contacts' system of record, sends its contact
        Answer submitted = api.post(keycloak.clientToken("erp"), SUBMIT, Map.of("input", Map.of(
                "sourceId", "PII-E2E-1", "sourceVersion", 1, "legalName", "Shred Medical Inc.",
                "taxId", "43-0000001")));
        String supplier = submitted.data().path("submitSupplier").path("goldenId").asText();
        assertThat(supplier).as(submitted.body().toString()).isNotBlank();
        Answer portal = api.post(keycloak.clientToken("supplier-portal"), SUBMIT, Map.of("input", Map.of(
                "sourceId", "P-PII-E2E-1", "sourceVersion", 1, "taxId", "43-0000001",
                "contacts", List.of(Map.of("name", "Gil Nash", "role", "Recall notices",
                        "email", "gil.nash@shred.test", "phone", "+1 555 0177")))));
        assertThat(portal.data().path("submitSupplier").path("goldenId").asText()).as(portal.body().toString())
                .isEqualTo(supplier);

        String ada = keycloak.userToken("ada.admin");
        JsonNode contact = eventually(() -> api.post(ada, SUPPLIER, Map.of("id", supplier)).data()
                .path("supplier").path("contacts").path(0), c -> c.path("name").asText().equals("Gil Nash"), WAIT);
        String person = contact.path("personId").asText();
        assertThat(person).startsWith("p-");
        String events = String.join("", service.bean(JdbcTemplate.class).queryForList(
                "SELECT convert_from(payload, 'UTF8') FROM domainevententry", String.class));
        assertThat(events).contains(person).doesNotContain("Gil Nash", "gil.nash@shred.test");

        // stewards and auditors do not erase
        for (String user : List.of("sam.supplier", "audrey.auditor")) {
            Answer refused = api.post(keycloak.userToken(user), ERASE, Map.of("s", supplier, "p", person));
            assertThat(refused.firstError().path("extensions").path("code").asText()).as(user)
                    .isEqualTo("FORBIDDEN");
        }

        Answer erased = api.post(ada, ERASE, Map.of("s", supplier, "p", person));
        assertThat(erased.body().path("errors").isMissingNode()).as(erased.body().toString()).isTrue();
        JsonNode after = erased.data().path("eraseContact").path("contacts").path(0);
        assertThat(after.path("erased").asBoolean()).isTrue();
        assertThat(after.path("personId").asText()).isEqualTo(person);
        assertThat(after.path("email").isNull()).isTrue();

        String sam = keycloak.userToken("sam.supplier");
        JsonNode read = eventually(() -> api.post(sam, SUPPLIER, Map.of("id", supplier)).data().path("supplier"),
                s -> s.path("contacts").path(0).path("erased").asBoolean(), WAIT);
        assertThat(read.toString()).doesNotContain("Gil Nash", "gil.nash", "0177", "Recall notices");
        assertThat(read.path("contacts").path(0).path("name").asText()).isEqualTo("[erased]");

        JsonNode trail = eventually(() -> api.post(keycloak.userToken("audrey.auditor"), AUDIT,
                        Map.of("id", supplier)).data().path("auditTrail").path("edges"),
                edges -> edges.findValuesAsText("action").contains("CONTACT_ERASED"), WAIT);
        assertThat(trail.toString()).contains("ada.admin", "data subject request", person)
                .doesNotContain("Gil Nash", "gil.nash@shred.test");
    }
}
