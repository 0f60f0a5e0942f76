package io.mdg.app;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.api.Actor;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.EntityType;
import io.mdg.api.audit.AuditAction;
import io.mdg.api.audit.AuditEntry;
import io.mdg.api.audit.AuditFilter;
import io.mdg.api.audit.AuditPage;
import io.mdg.api.audit.AuditTrailQuery;
import io.mdg.api.model.Contact;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.ChangeLifecycleCommand;
import io.mdg.api.record.FindRecordAsOfQuery;
import io.mdg.api.record.FindRecordQuery;
import io.mdg.api.record.RecordView;
import io.mdg.api.record.SubmitRecordCommand;
import io.mdg.app.personal.ContactRetention;

/**
 * Contacts are personal data kept under a key per person (crypto-shredding) on the real path (command bus, aggregate,
 * PostgreSQL event store, projections, GraphQL with signed tokens): the stored events hold no name or e-mail
 * address in clear; an admin's erasure destroys the key, and every read (record, as-of history, audit trail) shows
 * the contact erased, also after a restart that rebuilds the read models from the events, while the trail keeps that
 * the erasure happened; a legal hold of the rules file refuses the erasure; the retention period erases the contacts
 * of a supplier retired long enough ago.
 */
class PersonalDataTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Actor ERP = Actor.client("erp");
    private static final Actor PORTAL = Actor.client("supplier-portal");
    private static final Contact ANN = new Contact("Ann Quill", "Recall notices", "ann.quill@privacy.test",
            "+1 555 0142");
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void an_erased_contact_is_unreadable_everywhere_also_after_a_restart_and_the_trail_keeps_the_erasure()
            throws Exception {
        String supplier;
        String person;
        Instant beforeErasure;
        try (LocalTokens tokens = new LocalTokens(); ServiceHarness service = tokens.startService(dataDir)) {
            supplier = create(service, "PII-1", "Privacy Medical Inc.", "41-0000001", ANN);
            RecordView created = eventually(() -> find(service, supplier), Optional::isPresent, WAIT).orElseThrow();
            Contact stored = contacts(created).get(0);
            person = stored.personId();
            assertThat(person).startsWith("p-");
            assertThat(stored).isEqualTo(ANN.withPersonId(person));

            // the event store holds the contact under the person's key only
            String events = String.join("", service.bean(JdbcTemplate.class).queryForList(
                    "SELECT convert_from(payload, 'UTF8') FROM domainevententry", String.class));
            assertThat(events).contains("Privacy Medical Inc.", person, "pii:v1:" + person + ":")
                    .doesNotContain("Ann Quill", "ann.quill@privacy.test", "0142", "Recall notices");

            // GraphQL: the contact with its person id, for an admin
            String admin = tokens.user("ada.admin", "admin");
            JsonNode read = graphql(service, admin, "{ supplier(id: \"" + supplier + "\") { contacts { personId "
                    + "name email erased } } }");
            assertThat(read.at("/data/supplier/contacts/0/personId").asText()).isEqualTo(person);
            assertThat(read.at("/data/supplier/contacts/0/name").asText()).isEqualTo("Ann Quill");
            assertThat(read.at("/data/supplier/contacts/0/erased").asBoolean()).isFalse();
            beforeErasure = Instant.now();

            // a steward may not erase; an admin may, with a reason
            JsonNode refused = graphql(service, tokens.user("sam.supplier", "supplier-steward"),
                    erase(supplier, person, "asked by the person"));
            assertThat(refused.at("/errors/0/extensions/code").asText()).isEqualTo("FORBIDDEN");
            JsonNode erased = graphql(service, admin, erase(supplier, person, "erasure request 2026-41"));
            assertThat(erased.at("/errors").isMissingNode()).as(erased.toString()).isTrue();
            assertThat(erased.at("/data/eraseContact/contacts/0/erased").asBoolean()).isTrue();
            assertThat(erased.at("/data/eraseContact/contacts/0/name").asText()).isEqualTo(Contact.ERASED_NAME);
            assertThat(erased.at("/data/eraseContact/contacts/0/email").isNull()).isTrue();
            // twice: the person is gone
            JsonNode again = graphql(service, admin, erase(supplier, person, "again"));
            assertThat(again.at("/errors/0/extensions/code").asText()).isEqualTo("NOT_FOUND");

            RecordView now = eventually(() -> find(service, supplier), r -> r.map(v -> contacts(v).stream()
                    .anyMatch(Contact::wasErased)).orElse(false), WAIT).orElseThrow();
            assertThat(contacts(now)).containsExactly(Contact.erased(person));
            assertErasedInHistoryAndTrail(service, supplier, person, beforeErasure);
            assertThat(service.bean(JdbcTemplate.class).queryForObject("SELECT count(*) FROM mdg_person_keys "
                    + "WHERE person_id = ? AND wrapped_key IS NULL AND erased_at IS NOT NULL", Integer.class, person))
                    .isEqualTo(1);

            // the same person sent again is a new person with a new key
            portal(service, "PII-1", 2L, "41-0000001", ANN, new Contact("Bo Lind", "Sales", null, null));
            RecordView readded = eventually(() -> find(service, supplier),
                    r -> r.map(v -> contacts(v).size() == 2 && !contacts(v).get(0).wasErased()).orElse(false), WAIT)
                    .orElseThrow();
            assertThat(contacts(readded).get(0).personId()).isNotEqualTo(person);
            assertThat(contacts(readded).get(0).name()).isEqualTo("Ann Quill");
        }

        // a restart rebuilds the in-memory read models from the events: the erased person stays erased
        try (LocalTokens tokens = new LocalTokens(); ServiceHarness service = tokens.startService(dataDir)) {
            RecordView rebuilt = eventually(() -> find(service, supplier), r -> r.map(v -> contacts(v) != null
                    && contacts(v).size() == 2).orElse(false), WAIT).orElseThrow();
            assertThat(contacts(rebuilt)).extracting(Contact::personId).doesNotContain(person);
            assertErasedInHistoryAndTrail(service, supplier, person, beforeErasure);
        }
    }

    @Test
    void a_legal_hold_refuses_the_erasure_and_the_retention_period_erases_a_retired_suppliers_contacts()
            throws Exception {
        Path rules = dataDir.resolve("rules.yaml");
        String shipped = new String(getClass().getClassLoader().getResourceAsStream(
                "io/mdg/rules/default-rules.yaml").readAllBytes(), StandardCharsets.UTF_8);
        // a legal hold on one supplier; retiring a supplier applied at once (no change request) for brevity
        Files.writeString(rules, shipped.replace("  legalHolds: []", "  legalHolds:\n"
                        + "    - {supplier: \"ERP:PII-HOLD\", reason: \"litigation 2026-17\", until: 2999-12-31}")
                .replace("lifecycle: { RETIRED: 1, ACTIVE: 1 }", "lifecycle: { ACTIVE: 1 }"));
        try (LocalTokens tokens = new LocalTokens(); ServiceHarness service = ServiceHarness.start(dataDir.resolve("s"),
                Map.of("mdg.security.issuer", LocalTokens.ISSUER, "mdg.security.jwks-uri", tokens.jwksUri(),
                        "mdg.rules.file", rules.toString()))) {
            String admin = tokens.user("ada.admin", "admin");
            String held = create(service, "PII-HOLD", "Held Medical Inc.", "42-0000001", ANN);
            String kept = create(service, "PII-KEEP", "Kept Medical Inc.", "42-0000002",
                    new Contact("Cy Moss", "Sales", "cy@kept.test", null));
            String retired = create(service, "PII-OLD", "Old Medical Inc.", "42-0000003",
                    new Contact("Di Nye", "Sales", "di@old.test", null));
            String heldPerson = contacts(find(service, held).orElseThrow()).get(0).personId();

            JsonNode refused = graphql(service, admin, erase(held, heldPerson, "asked by the person"));
            assertThat(refused.at("/errors/0/extensions/code").asText()).isEqualTo("CONFLICT");
            assertThat(refused.at("/errors/0/message").asText()).contains("LEGAL_HOLD", "litigation 2026-17");

            // retire the held and another supplier; their retirement lies three years back (past P2Y)
            CommandGateway commands = service.bean(CommandGateway.class);
            for (String id : List.of(held, retired)) {
                commands.sendAndWait(new ChangeLifecycleCommand(EntityType.SUPPLIER, id, LifecycleStatus.RETIRED,
                        "no longer a supplier", Actor.user("sam.supplier")));
            }
            JdbcTemplate jdbc = service.bean(JdbcTemplate.class);
            eventually(() -> jdbc.queryForObject("SELECT count(*) FROM mdg_person_retention", Integer.class),
                    n -> n == 2, WAIT);
            jdbc.update("UPDATE mdg_person_retention SET retired_at = ?",
                    Timestamp.from(Instant.now().minus(3 * 366, ChronoUnit.DAYS)));

            assertThat(service.bean(ContactRetention.class).run()).isEqualTo(1);
            eventually(() -> find(service, retired), r -> contacts(r.orElseThrow()).get(0).wasErased(), WAIT);
            List<AuditEntry> trail = eventually(() -> trail(service, retired),
                    t -> t.stream().anyMatch(e -> e.action() == AuditAction.CONTACT_ERASED), WAIT);
            AuditEntry erasure = trail.stream().filter(e -> e.action() == AuditAction.CONTACT_ERASED).findFirst()
                    .orElseThrow();
            assertThat(erasure.actor()).isEqualTo(new Actor(Actor.ActorType.SYSTEM, "retention"));
            assertThat(erasure.comment()).startsWith("retention: retention period P2Y");
            // the held supplier keeps its contact, the active one too
            assertThat(contacts(find(service, held).orElseThrow()).get(0).name()).isEqualTo("Ann Quill");
            assertThat(contacts(find(service, kept).orElseThrow()).get(0).name()).isEqualTo("Cy Moss");
            // nothing left to do: the next run erases nothing
            assertThat(service.bean(ContactRetention.class).run()).isZero();
        }
    }

    private static void assertErasedInHistoryAndTrail(ServiceHarness service, String supplier, String person,
                                                      Instant asOfBefore) throws Exception {
        // the version before the erasure, from the record history: erased too (its key is gone)
        Optional<RecordView> then = service.bean(QueryGateway.class).query(
                new FindRecordAsOfQuery(EntityType.SUPPLIER, supplier, asOfBefore),
                ResponseTypes.optionalInstanceOf(RecordView.class)).get();
        assertThat(contacts(then.orElseThrow())).containsExactly(Contact.erased(person));
        // the audit trail: the erasure, with who and why and the person id, and no personal data anywhere
        List<AuditEntry> trail = eventually(() -> trail(service, supplier),
                t -> t.stream().anyMatch(e -> e.action() == AuditAction.CONTACT_ERASED), WAIT);
        AuditEntry erasure = trail.stream().filter(e -> e.action() == AuditAction.CONTACT_ERASED).findFirst()
                .orElseThrow();
        assertThat(erasure.actor()).isEqualTo(Actor.user("ada.admin"));
        assertThat(erasure.comment()).isEqualTo("erasure request 2026-41");
        assertThat(erasure.changes().get(0).before()).contains(person);
        assertThat(trail.toString()).doesNotContain("Ann Quill", "ann.quill@privacy.test");
    }

    private static String erase(String supplier, String person, String reason) {
        return "mutation { eraseContact(supplierId: \"" + supplier + "\", personId: \"" + person + "\", reason: \""
                + reason + "\") { id ... on Supplier { contacts { personId name email erased } } } }";
    }

    /**
     * A supplier the ERP creates, whose contacts the supplier portal (their system of record) sends, linked by the
     * tax id; answers its golden id once the read model shows the contacts.
     */
    private static String create(ServiceHarness service, String sourceId, String legalName, String taxId,
                                 Contact... contacts) throws Exception {
        String id = service.bean(CommandGateway.class).<io.mdg.api.submission.SubmissionResult>sendAndWait(
                new SubmitRecordCommand(new SourceRef(SourceSystem.ERP, sourceId, 1L), new SupplierAttributes(
                        legalName, null, taxId, null, null, null, null, null, null, null), ERP)).goldenId();
        portal(service, sourceId, 1L, taxId, contacts);
        eventually(() -> find(service, id), r -> r.map(v -> contacts(v) != null).orElse(false), WAIT);
        return id;
    }

    private static void portal(ServiceHarness service, String sourceId, long version, String taxId,
                               Contact... contacts) {
        service.bean(CommandGateway.class).sendAndWait(new SubmitRecordCommand(
                new SourceRef(SourceSystem.SUPPLIER_PORTAL, "P-" + sourceId, version), new SupplierAttributes(
                        null, null, taxId, null, null, null, null, null, List.of(contacts), null), PORTAL));
    }

    private static Optional<RecordView> find(ServiceHarness service, String id) throws Exception {
        return service.bean(QueryGateway.class).query(new FindRecordQuery(EntityType.SUPPLIER, id),
                ResponseTypes.optionalInstanceOf(RecordView.class)).get();
    }

    private static List<Contact> contacts(RecordView view) {
        return ((SupplierAttributes) view.attributes()).contacts();
    }

    private static List<AuditEntry> trail(ServiceHarness service, String id) throws Exception {
        AuditPage page = service.bean(QueryGateway.class).query(new AuditTrailQuery(AuditFilter.ofRecord(id), null,
                500), ResponseTypes.instanceOf(AuditPage.class)).get();
        return page.edges().stream().map(AuditPage.Edge::node).toList();
    }

    private static JsonNode graphql(ServiceHarness service, String token, String query) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + service.port() + "/graphql"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("query", query))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }
}
