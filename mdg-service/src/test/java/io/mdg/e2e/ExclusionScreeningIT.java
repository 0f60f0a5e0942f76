package io.mdg.e2e;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.app.ServiceHarness;
import io.mdg.e2e.support.GraphQlClient;
import io.mdg.e2e.support.GraphQlClient.Answer;
import io.mdg.e2e.support.KeycloakServer;

/**
 * Exclusion screening with a real Keycloak: ada.admin imports the OIG LEIE file, which screens every ACTIVE supplier;
 * the hit is a suspension request that the admin (its importer) may not decide and a supplier steward approves, which
 * suspends the supplier; a steward may not import. A listed supplier onboarded after the import is screened by its
 * own submission and its suspension request waits for the stewards.
 */
class ExclusionScreeningIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SUBMIT = """
            mutation($input: SupplierSubmissionInput!) { submitSupplier(input: $input) { outcome goldenId } }""";
    private static final String LEIE = "LASTNAME,FIRSTNAME,MIDNAME,BUSNAME,GENERAL,SPECIALTY,UPIN,NPI,DOB,ADDRESS,"
            + "CITY,STATE,ZIP,EXCLTYPE,EXCLDATE,REINDATE,WAIVERDATE,WVRSTATE\n"
            + ",,,\"KESTRAL INFUSION SUPPLY INC\",OTHER BUSINESS,DME,,0000000000,,\"40 RIVER RD\",OMAHA,NE,68102,"
            + "1128b7,20220901,00000000,,\n"
            + ",,,\"ORLANDA WOUND CARE\",OTHER BUSINESS,DME,,,,\"9 MILL ST\",LINCOLN,NE,68508,1128b7,20230301,,,\n";

    private static KeycloakServer keycloak;
    private static ServiceHarness service;
    private static GraphQlClient api;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        keycloak = KeycloakServer.shared();
        service = ServiceHarness.start(Files.createTempDirectory("mdg-e2e-screening"),
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
    void an_admins_import_screens_the_suppliers_and_a_steward_approves_the_suspension_of_the_hit() throws Exception {
        String erp = keycloak.clientToken("erp");
        String supplier = api.post(erp, SUBMIT, Map.of("input", Map.of("sourceId", "SCREEN-E2E-1", "sourceVersion", 1,
                "legalName", "Kestral Infusion Supply, LLC", "orderingAddress", Map.of("line1", "40 River Road",
                        "city", "Omaha", "region", "NE", "postalCode", "68102", "country", "US"))))
                .data().path("submitSupplier").path("goldenId").asText();
        String ada = keycloak.userToken("ada.admin");
        String sam = keycloak.userToken("sam.supplier");

        HttpResponse<String> forbidden = importList(LEIE, sam);
        assertThat(forbidden.statusCode()).isEqualTo(403);

        HttpResponse<String> imported = importList(LEIE, ada);
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        JsonNode answer = json.readTree(imported.body());
        assertThat(answer.path("hits").asInt()).isEqualTo(1);
        assertThat(answer.path("requestsOpened").asInt()).isEqualTo(1);
        assertThat(answer.path("list").path("importedBy").path("name").asText()).isEqualTo("ada.admin");

        JsonNode hit = eventually(() -> api.post(sam, """
                query($id: ID!) { screeningHits(supplierId: $id) { changeRequestId hit { reasons entry { name } } } }""",
                Map.of("id", supplier)).data().path("screeningHits"), h -> h.size() == 1, WAIT).path(0);
        assertThat(hit.path("hit").path("entry").path("name").asText()).isEqualTo("KESTRAL INFUSION SUPPLY INC");
        assertThat(hit.path("hit").path("reasons").toString()).contains("same ZIP 68102");
        String request = hit.path("changeRequestId").asText();

        Answer byAdmin = api.post(ada, "mutation($id: ID!) { approveChangeRequest(id: $id) { status } }",
                Map.of("id", request));
        assertThat(byAdmin.firstError().path("extensions").path("code").asText()).isEqualTo("FORBIDDEN");
        Answer bySue = api.post(keycloak.userToken("sue.supplier"),
                "mutation($id: ID!) { approveChangeRequest(id: $id, comment: \"OIG entry confirmed\") { status } }",
                Map.of("id", request));
        assertThat(bySue.body().has("errors")).as(bySue.body().toString()).isFalse();

        JsonNode after = eventually(() -> api.post(sam, """
                query($id: ID!) { supplier(id: $id) { status screening { lastScreenedAt result listId } } }""",
                Map.of("id", supplier)).data().path("supplier"), s -> s.path("status").asText().equals("SUSPENDED"),
                WAIT);
        assertThat(after.path("screening").path("result").asText()).isEqualTo("HIT");
        assertThat(after.path("screening").path("lastScreenedAt").asText()).isNotBlank();
        assertThat(after.path("screening").path("listId").asText())
                .isEqualTo(answer.path("list").path("listId").asText());

        // a listed supplier onboarded after the import is screened by its own submission: the suspension request is
        // there for the stewards without another import or a rescreen
        String onboarded = api.post(erp, SUBMIT, Map.of("input", Map.of("sourceId", "SCREEN-E2E-2", "sourceVersion",
                1, "legalName", "Orlanda Wound Care LLC", "orderingAddress", Map.of("line1", "9 Mill Street",
                        "city", "Lincoln", "region", "NE", "postalCode", "68508", "country", "US"))))
                .data().path("submitSupplier").path("goldenId").asText();
        JsonNode onboardingHit = eventually(() -> api.post(sam, """
                query($id: ID!) { screeningHits(supplierId: $id) { listId changeRequestId requestOpened
                  hit { entry { name } } } }""", Map.of("id", onboarded)).data().path("screeningHits"),
                h -> h.size() == 1, WAIT).path(0);
        assertThat(onboardingHit.path("hit").path("entry").path("name").asText()).isEqualTo("ORLANDA WOUND CARE");
        assertThat(onboardingHit.path("listId").asText()).isEqualTo(answer.path("list").path("listId").asText());
        assertThat(onboardingHit.path("requestOpened").asBoolean()).isTrue();
        JsonNode suspension = eventually(() -> api.post(keycloak.userToken("sue.supplier"), """
                query($id: ID!) { changeRequest(id: $id) { status targetStatus groups requestedBy { type name } } }""",
                Map.of("id", onboardingHit.path("changeRequestId").asText())).data().path("changeRequest"),
                r -> r.path("status").asText().equals("PENDING"), WAIT);
        assertThat(suspension.path("targetStatus").asText()).isEqualTo("SUSPENDED");
        assertThat(suspension.path("groups").toString()).contains("exclusion-screening");
        assertThat(suspension.path("requestedBy").path("type").asText()).isEqualTo("SYSTEM");
        eventually(() -> api.post(sam, "query($id: ID!) { supplier(id: $id) { status screening { result } } }",
                Map.of("id", onboarded)).data().path("supplier").path("screening").path("result").asText(),
                "HIT"::equals, WAIT);
    }

    private static HttpResponse<String> importList(String file, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + service.port()
                        + "/screening/exclusion-lists?fileName=UPDATED.csv"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(file))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
