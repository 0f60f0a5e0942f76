package io.mdg.app;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.model.Address;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.changerequest.ApproveChangeRequestCommand;
import io.mdg.api.changerequest.ChangeRequestOpenedEvent;
import io.mdg.api.record.ChangeLifecycleCommand;
import io.mdg.api.record.SubmitRecordCommand;
import io.mdg.api.screening.ScreeningResult;
import io.mdg.api.screening.SupplierScreenedEvent;
import io.mdg.api.submission.SubmissionResult;

/**
 * An admin's exclusion-list import screens every ACTIVE supplier: a hit becomes a HIGH-risk suspension request with
 * its reasons, which a steward decides (approving suspends the supplier, rejecting clears the hit); a supplier
 * without hits gets its screening date; an unreadable file is refused whole, naming line and column.
 */
class ExclusionScreeningTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Actor ERP = Actor.client("erp");
    static final String LEIE_HEADER = "LASTNAME,FIRSTNAME,MIDNAME,BUSNAME,GENERAL,SPECIALTY,UPIN,NPI,DOB,ADDRESS,CITY,"
            + "STATE,ZIP,EXCLTYPE,EXCLDATE,REINDATE,WAIVERDATE,WVRSTATE\n";

    @TempDir
    static Path dataDir;
    static ServiceHarness service;
    static LocalTokens tokens;
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        tokens = new LocalTokens();
        service = tokens.startService(dataDir);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    static String supplier(String sourceId, String name, String city, String state, String zip) {
        return submit(sourceId, 1, name, "1 Commerce Way", city, state, zip).goldenId();
    }

    static SubmissionResult submit(String sourceId, long version, String name, String street, String city,
                                   String state, String zip) {
        return service.bean(CommandGateway.class).<SubmissionResult>sendAndWait(new SubmitRecordCommand(
                new SourceRef(SourceSystem.ERP, sourceId, version), new SupplierAttributes(name, null, null, null,
                        null, new Address(street, null, city, state, zip, "US"), null, null, null, null), ERP));
    }

    /** The supplier's screenings as stored (read from the event store: no waiting for a projection). */
    static List<SupplierScreenedEvent> screenings(String supplierId) {
        return ExclusionScreeningTestSupport.screenings(service, supplierId);
    }

    static List<Object> events(String aggregateId) {
        return service.bean(EventStore.class).readEvents(aggregateId).asStream()
                .map(m -> (Object) m.getPayload()).toList();
    }

    @Test
    void a_hit_becomes_a_suspension_request_with_reasons_that_a_steward_approves_and_a_clear_supplier_gets_its_date()
            throws Exception {
        String excluded = supplier("SCREEN-1", "Vexar Surgical Supply, Inc.", "Atlanta", "GA", "30301-1234");
        String clear = supplier("SCREEN-2", "Quillon Clinical Goods LLC", "Denver", "CO", "80202");
        String admin = tokens.user("ada.admin", "admin");
        String steward = tokens.user("sam.supplier", "supplier-steward");
        String file = LEIE_HEADER
                + ",,,\"VEXAR SURGICAL SUPPLY\",OTHER BUSINESS,MEDICAL SUPPLY CO,,0000000000,,\"12 MAIN ST\","
                + "ATLANTA,GA,30301,1128b7,20200115,00000000,,\n"
                + "ROE,JANE,,,INDIVIDUAL,NURSE,,,19700101,5 ELM RD,DENVER,CO,80202,1128a1,20190301,,,\n";

        HttpResponse<String> imported = importList(file, admin);
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        JsonNode answer = json.readTree(imported.body());
        assertThat(answer.path("list").path("format").asText()).isEqualTo("LEIE");
        assertThat(answer.path("list").path("rows").asInt()).isEqualTo(2);
        assertThat(answer.path("screened").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(answer.path("hits").asInt()).isEqualTo(1);
        assertThat(answer.path("requestsOpened").asInt()).isEqualTo(1);
        String listId = answer.path("list").path("listId").asText();

        String hitsQuery = "{ screeningHits(supplierId: \"" + excluded + "\") { listId format changeRequestId "
                + "requestOpened hit { score reasons entry { name zip line } } } }";
        JsonNode hits = eventually(() -> graphql(hitsQuery, steward).path("data").path("screeningHits"),
                h -> h.size() == 1, WAIT);
        JsonNode hit = hits.path(0);
        assertThat(hit.path("listId").asText()).isEqualTo(listId);
        assertThat(hit.path("hit").path("entry").path("name").asText()).isEqualTo("VEXAR SURGICAL SUPPLY");
        assertThat(hit.path("hit").path("reasons").toString()).contains("same ZIP 30301")
                .contains("same business name");
        String requestId = hit.path("changeRequestId").asText();

        JsonNode request = eventually(() -> graphql("{ changeRequest(id: \"" + requestId + "\") { status action "
                + "targetStatus groups reason requestedBy { type name } } }", steward)
                .path("data").path("changeRequest"), r -> !r.isMissingNode() && !r.isNull(), WAIT);
        assertThat(request.path("status").asText()).isEqualTo("PENDING");
        assertThat(request.path("action").asText()).isEqualTo("LIFECYCLE");
        assertThat(request.path("targetStatus").asText()).isEqualTo("SUSPENDED");
        assertThat(request.path("groups").toString()).contains("exclusion-screening");
        assertThat(request.path("reason").asText()).startsWith("HIGH risk: exclusion-list hit, LEIE list")
                .contains("VEXAR SURGICAL SUPPLY").contains("same ZIP 30301");
        assertThat(request.path("requestedBy").path("type").asText()).isEqualTo("SYSTEM");

        String screeningOf = "{ supplier(id: \"%s\") { status screening { lastScreenedAt listId format result hits } } }";
        JsonNode clearScreening = eventually(() -> graphql(screeningOf.formatted(clear), steward).path("data")
                .path("supplier").path("screening"), s -> !s.isNull() && !s.isMissingNode(), WAIT);
        assertThat(clearScreening.path("result").asText()).isEqualTo("CLEAR");
        assertThat(clearScreening.path("lastScreenedAt").asText()).isNotBlank();
        assertThat(clearScreening.path("listId").asText()).isEqualTo(listId);
        assertThat(graphql(screeningOf.formatted(excluded), steward).path("data").path("supplier")
                .path("screening").path("result").asText()).isEqualTo("HIT");

        // the same list again: the request for the same entry is still pending, so no second one
        JsonNode again = json.readTree(importList(file, admin).body());
        assertThat(again.path("requestsOpened").asInt()).isZero();
        assertThat(again.path("requestsExisting").asInt()).isEqualTo(1);
        assertThat(again.path("hits").asInt()).isEqualTo(1);

        // the admin who imported may not decide; a steward approves and the supplier is suspended
        JsonNode refused = graphql("mutation { approveChangeRequest(id: \"" + requestId + "\") { status } }", admin);
        assertThat(refused.path("errors").path(0).path("extensions").path("code").asText()).isEqualTo("FORBIDDEN");
        JsonNode approved = graphql("mutation { approveChangeRequest(id: \"" + requestId + "\", comment: "
                + "\"LEIE entry confirmed\") { status } }", steward);
        assertThat(approved.path("errors").isMissingNode()).as(approved.toString()).isTrue();
        eventually(() -> graphql(screeningOf.formatted(excluded), steward).path("data").path("supplier")
                .path("status").asText(), "SUSPENDED"::equals, WAIT);
        assertThat(graphql(screeningOf.formatted(clear), steward).path("data").path("supplier").path("status")
                .asText()).isEqualTo("ACTIVE");

        // the screenings and the import are on the audit trail
        String auditor = tokens.user("audrey.auditor", "auditor");
        JsonNode trail = eventually(() -> graphql("{ auditTrail(filter: {recordId: \"" + excluded + "\"}) { edges { "
                + "node { action comment actor { type name } } } } }", auditor).path("data").path("auditTrail")
                .path("edges"), edges -> edges.toString().contains("SUPPLIER_SCREENED")
                && edges.toString().contains("STATUS_CHANGED"), WAIT);
        assertThat(trail.toString()).contains("suspension requested in " + requestId).contains("ada.admin");
        JsonNode importTrail = eventually(() -> graphql("{ auditTrail(filter: {recordId: \"" + listId + "\"}) { "
                + "edges { node { action comment actor { name } } } } }", auditor).path("data").path("auditTrail")
                .path("edges"), edges -> edges.size() == 1, WAIT);
        assertThat(importTrail.path(0).path("node").path("action").asText()).isEqualTo("EXCLUSION_LIST_IMPORTED");
        assertThat(importTrail.path(0).path("node").path("comment").asText()).contains("UPDATED.csv")
                .contains("SHA-256").contains("2 rows");

        JsonNode coverage = eventually(() -> graphql("{ dataQuality { screening { activeSuppliers screenedCurrent "
                + "ratio red freshDays } } }", tokens.user("andy.analyst", "analyst")).path("data")
                .path("dataQuality").path("screening"), c -> c.path("screenedCurrent").asInt() >= 1, WAIT);
        assertThat(coverage.path("freshDays").asInt()).isEqualTo(35);
        assertThat(coverage.path("screenedCurrent").asLong()).isEqualTo(coverage.path("activeSuppliers").asLong());
        assertThat(coverage.path("red").asBoolean()).isFalse();
    }

    @Test
    void a_supplier_onboarded_after_an_import_is_screened_in_its_own_submission_and_again_on_a_rename_not_on_a_street_change()
            throws Exception {
        String admin = tokens.user("ada.admin", "admin");
        String steward = tokens.user("sam.supplier", "supplier-steward");
        String file = LEIE_HEADER
                + ",,,\"ZENTRIK MEDICAL DEVICES\",OTHER BUSINESS,DME,,,,\"8 LAKE ST\",CHICAGO,IL,60601,1128b7,"
                + "20220105,,,\n"
                + "MARLOWE,TOBIAS,,,INDIVIDUAL,PHARMACIST,,1234567890,19600101,\"44 OAK LN\",AUSTIN,TX,73301,1128a1,"
                + "20210601,,,\n";
        HttpResponse<String> imported = importList(file, admin);
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        String listId = json.readTree(imported.body()).path("list").path("listId").asText();

        // a listed supplier onboarded after the import: its submission's own transaction holds the screening and the
        // suspension request (read from the event store as soon as the submission is answered)
        String listed = supplier("ONBOARD-1", "Zentrik Medical Devices LLC", "Chicago", "IL", "60601");
        SupplierScreenedEvent onboarded = screenings(listed).get(0);
        assertThat(screenings(listed)).hasSize(1);
        assertThat(onboarded.listId()).isEqualTo(listId);
        assertThat(onboarded.result()).isEqualTo(ScreeningResult.HIT);
        assertThat(onboarded.actor().type()).isEqualTo(Actor.ActorType.SYSTEM);
        assertThat(onboarded.requests()).singleElement().satisfies(r -> assertThat(r.opened()).isTrue());
        String requestId = onboarded.requests().get(0).changeRequestId();
        ChangeRequestOpenedEvent opened = (ChangeRequestOpenedEvent) events(requestId).get(0);
        assertThat(opened.targetStatus()).isEqualTo(LifecycleStatus.SUSPENDED);
        assertThat(opened.reason()).contains("ZENTRIK MEDICAL DEVICES").contains("same ZIP 60601");

        // a new street line is no screened value: no screening, no second request
        assertThat(submit("ONBOARD-1", 2, "Zentrik Medical Devices LLC", "2 Harbor Plaza", "Chicago", "IL",
                "60601").outcome().name()).isEqualTo("UPDATED");
        assertThat(screenings(listed)).hasSize(1);
        JsonNode request = eventually(() -> graphql("{ changeRequest(id: \"" + requestId + "\") { status "
                + "targetStatus requestedBy { type } } }", steward).path("data").path("changeRequest"),
                r -> r.path("status").asText().equals("PENDING"), WAIT);
        assertThat(request.path("targetStatus").asText()).isEqualTo("SUSPENDED");
        JsonNode screening = eventually(() -> graphql("{ supplier(id: \"" + listed + "\") { screening { listId "
                + "result } } }", steward).path("data").path("supplier").path("screening"),
                s -> s.path("result").asText().equals("HIT"), WAIT);
        assertThat(screening.path("listId").asText()).isEqualTo(listId);

        // a clear supplier renamed to a listed individual's name is screened again when the new name takes effect
        // (a legal name change waits for a steward's approval); the request names no one
        String renamed = supplier("ONBOARD-2", "Harbin Ortho Goods", "Austin", "TX", "73301");
        assertThat(screenings(renamed)).singleElement()
                .satisfies(s -> assertThat(s.result()).isEqualTo(ScreeningResult.CLEAR));
        SubmissionResult rename = submit("ONBOARD-2", 2, "Tobias Marlowe", "1 Commerce Way", "Austin", "TX",
                "73301");
        assertThat(rename.changeRequestId()).as(rename.toString()).isNotNull();
        assertThat(screenings(renamed)).hasSize(1);
        service.bean(CommandGateway.class).sendAndWait(new ApproveChangeRequestCommand(rename.changeRequestId(),
                "new owner checked", null, Actor.user("sue.supplier"), Set.of("supplier-steward")));
        assertThat(screenings(renamed)).hasSize(2);
        SupplierScreenedEvent hit = screenings(renamed).get(1);
        assertThat(hit.result()).isEqualTo(ScreeningResult.HIT);
        assertThat(hit.hits().get(0).entry().name()).isEqualTo("MARLOWE, TOBIAS");
        String individualRequest = hit.requests().get(0).changeRequestId();
        assertThat(((ChangeRequestOpenedEvent) events(individualRequest).get(0)).reason())
                .contains("an individual listed on line 3").doesNotContain("MARLOWE", "TOBIAS", "44 OAK", "Marlowe");

        // stewards read who is listed in the screening hits; the stored events and the kept list hold it encrypted
        JsonNode hits = eventually(() -> graphql("{ screeningHits(supplierId: \"" + renamed + "\") { "
                + "changeRequestId hit { entry { name street } } } }", steward).path("data").path("screeningHits"),
                h -> h.size() == 1, WAIT);
        assertThat(hits.path(0).path("hit").path("entry").path("name").asText()).isEqualTo("MARLOWE, TOBIAS");
        assertThat(hits.path(0).path("changeRequestId").asText()).isEqualTo(individualRequest);
        JdbcTemplate jdbc = service.bean(JdbcTemplate.class);
        String stored = jdbc.queryForList("SELECT payload FROM DomainEventEntry", byte[].class).stream()
                .map(p -> new String(p, StandardCharsets.UTF_8)).reduce("", String::concat);
        // (a listed business is named in its request's reason: a business name is no personal data)
        assertThat(stored).contains("enc:v1:").doesNotContain("MARLOWE", "44 OAK LN", "1234567890");
        assertThat(jdbc.queryForList("SELECT entry FROM exclusion_list_entries", String.class))
                .isNotEmpty().noneMatch(e -> e.contains("MARLOWE") || e.contains("ZENTRIK") || e.contains("OAK"));
    }

    @Test
    void a_supplier_activated_again_is_screened_again_and_a_suspension_is_not() throws Exception {
        HttpResponse<String> imported = importList(LEIE_HEADER + ",,,\"NORVANE CLINICAL\",OTHER BUSINESS,DME,,,,"
                + "\"1 PIKE ST\",SEATTLE,WA,98101,1128b7,20200115,,,\n", tokens.user("ada.admin", "admin"));
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        String supplier = supplier("ONBOARD-3", "Pellucid Lab Wares", "Boise", "ID", "83702");
        assertThat(screenings(supplier)).hasSize(1);
        CommandGateway commands = service.bean(CommandGateway.class);

        commands.sendAndWait(new ChangeLifecycleCommand(EntityType.SUPPLIER, supplier, LifecycleStatus.SUSPENDED,
                "bank letter in doubt", Actor.user("sam.supplier")));
        assertThat(screenings(supplier)).hasSize(1);
        String reactivation = commands.sendAndWait(new ChangeLifecycleCommand(EntityType.SUPPLIER, supplier,
                LifecycleStatus.ACTIVE, "bank letter confirmed", Actor.user("sam.supplier")));
        assertThat(screenings(supplier)).as("held for a second steward").hasSize(1);
        commands.sendAndWait(new ApproveChangeRequestCommand(reactivation, "confirmed", null,
                Actor.user("sue.supplier"), Set.of("supplier-steward")));
        assertThat(screenings(supplier)).hasSize(2)
                .allSatisfy(s -> assertThat(s.result()).isEqualTo(ScreeningResult.CLEAR));
    }

    @Test
    void a_steward_rejecting_the_request_clears_the_hit_for_that_entry_and_a_later_import_raises_it_no_more()
            throws Exception {
        String supplier = supplier("SCREEN-3", "Brontis Orthopedic Devices", "Tucson", "AZ", "85701");
        String admin = tokens.user("ada.admin", "admin");
        String steward = tokens.user("sue.supplier", "supplier-steward");
        String file = LEIE_HEADER + ",,,\"BRONTIS ORTHOPEDIC DEVICES LLC\",OTHER BUSINESS,DME,,,,\"3 PALM AVE\","
                + "TUCSON,AZ,85701,1128b7,20210310,,,\n";
        JsonNode first = json.readTree(importList(file, admin).body());
        assertThat(first.path("requestsOpened").asInt()).isEqualTo(1);
        String hitsQuery = "{ screeningHits(supplierId: \"" + supplier + "\") { changeRequestId requestOpened } }";
        String requestId = eventually(() -> graphql(hitsQuery, steward).path("data").path("screeningHits"),
                h -> h.size() == 1, WAIT).path(0).path("changeRequestId").asText();

        JsonNode rejected = graphql("mutation { rejectChangeRequest(id: \"" + requestId + "\", reason: \"a different "
                + "entity: EIN and ownership checked against the OIG record\") { status } }", steward);
        assertThat(rejected.path("data").path("rejectChangeRequest").path("status").asText())
                .as(rejected.toString()).isEqualTo("REJECTED");

        JsonNode again = json.readTree(importList(file, admin).body());
        assertThat(again.path("requestsOpened").asInt()).isZero();
        assertThat(again.path("requestsExisting").asInt()).isEqualTo(1);
        JsonNode hits = eventually(() -> graphql(hitsQuery, steward).path("data").path("screeningHits"),
                h -> h.size() == 2, WAIT);
        assertThat(hits.path(0).path("changeRequestId").asText()).isEqualTo(requestId);
        assertThat(hits.path(0).path("requestOpened").asBoolean()).isFalse();
        assertThat(graphql("{ supplier(id: \"" + supplier + "\") { status } }", steward).path("data")
                .path("supplier").path("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void a_file_in_neither_layout_or_with_an_unreadable_row_is_refused_whole_and_only_admins_import()
            throws Exception {
        String admin = tokens.user("ada.admin", "admin");
        String reader = tokens.user("audrey.auditor", "auditor");
        String listsQuery = "{ exclusionLists(limit: 500) { listId } }";
        int before = graphql(listsQuery, reader).path("data").path("exclusionLists").size();

        HttpResponse<String> neither = importList("name,taxId\nAcme,123\n", admin);
        assertThat(neither.statusCode()).isEqualTo(400);
        assertThat(json.readTree(neither.body()).path("message").asText())
                .contains("line 1: the header is in neither known layout");

        HttpResponse<String> badDate = importList(LEIE_HEADER
                + ",,,ACME,,,,,,1 A ST,ATLANTA,GA,30301,1128b7,20200115,,,\n"
                + ",,,BETA,,,,,,1 B ST,ATLANTA,GA,30301,1128b7,2020-01-15,,,\n", admin);
        assertThat(badDate.statusCode()).isEqualTo(400);
        JsonNode refusal = json.readTree(badDate.body());
        assertThat(refusal.path("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(refusal.path("message").asText())
                .contains("line 3, column EXCLDATE (15): '2020-01-15' is not a date yyyyMMdd");

        HttpResponse<String> forbidden = importList(LEIE_HEADER, tokens.user("sam.supplier", "supplier-steward"));
        assertThat(forbidden.statusCode()).isEqualTo(403);

        assertThat(graphql(listsQuery, reader).path("data").path("exclusionLists").size()).isEqualTo(before);
    }

    private static HttpResponse<String> importList(String file, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + service.port()
                        + "/screening/exclusion-lists?fileName=UPDATED.csv&listDate=2026-12-01"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(file))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode graphql(String query, String token) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + service.port() + "/graphql"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("query", query))))
                .build(), HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body());
    }
}
