package io.mdg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.mdg.app.ServiceHarness;
import io.mdg.e2e.support.GraphQlClient;
import io.mdg.e2e.support.GraphQlClient.Answer;
import io.mdg.e2e.support.GraphQlWebSocket;
import io.mdg.e2e.support.KeycloakAdmin;
import io.mdg.e2e.support.KeycloakServer;
import io.mdg.e2e.support.RecordPaths;

/**
 * The authorisation model of {@code SECURITY.md}, generated: for every operation in its role x operation table (and
 * every root field of the GraphQL schema must have a row) and every role of the realm, with real Keycloak tokens
 * (and without a token), the operation is called and must be allowed or denied exactly as the table says. Allowed
 * means not refused for authorisation: a business error (NOT_FOUND, CONFLICT, VALIDATION_FAILED) still counts as
 * allowed. Mutations that change what a later call would see (approvals, withdrawals, lifecycle changes) get a fresh
 * target per caller.
 */
class SecurityMatrixIT {

    private static final Pattern ROW = Pattern.compile("^\\| (query|mutation|subscription|GET|POST) ([^|]+?) \\|(.*)\\|$");
    private static final List<String> COLUMNS = List.of("source client", "supplier-steward", "item-steward",
            "contract-steward", "location-steward", "finance-controller", "category-manager", "data-governance-lead",
            "auditor", "analyst", "admin", "anonymous");

    /** A caller: its column in the table and how it gets a token (null: anonymous). */
    record Principal(String name, String column, boolean client) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Principal> PRINCIPALS = List.of(
            new Principal("erp", "source client", true),
            new Principal("sourcing", "source client", true),
            new Principal("inventory", "source client", true),
            new Principal("supplier-portal", "source client", true),
            new Principal("sam.supplier", "supplier-steward", false),
            new Principal("sue.supplier", "supplier-steward", false),
            new Principal("ian.item", "item-steward", false),
            new Principal("carl.contract", "contract-steward", false),
            new Principal("leo.location", "location-steward", false),
            new Principal("fay.finance", "finance-controller", false),
            new Principal("cat.category", "category-manager", false),
            new Principal("gil.governance", "data-governance-lead", false),
            new Principal("audrey.auditor", "auditor", false),
            new Principal("andy.analyst", "analyst", false),
            new Principal("ada.admin", "admin", false),
            new Principal("anonymous", "anonymous", false));

    /** The samples act on supplier records, the ERP's source ids, and requests made by these. */
    private static final String SAMPLE_DOMAIN_COLUMN = "supplier-steward";
    private static final String SAMPLE_SYSTEM_CLIENT = "erp";
    private static final String SAMPLE_REQUESTER = "sam.supplier";

    private static KeycloakServer keycloak;
    private static ServiceHarness service;
    private static GraphQlClient api;
    private static String base;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, String> tokens = new LinkedHashMap<>();
    private static final AtomicInteger sequence = new AtomicInteger();
    private static String supplierId;
    /** A pull consumer registered with the sample source system's client (its feed is that client's to read). */
    private static String consumerId;

    @BeforeAll
    static void start() throws Exception {
        keycloak = KeycloakServer.shared();
        Path dataDir = Files.createTempDirectory("mdg-e2e-security");
        // the sourcing platform registered for webhooks (README "Inbound webhooks"): its path takes a signature, never
        // a token, so every caller below, with a token or without, is refused (401) without one
        service = ServiceHarness.start(dataDir, Map.of("mdg.security.issuer", keycloak.issuer(),
                "mdg.inbound.sources.sourcing.secrets", "whsec_" + java.util.Base64.getEncoder().encodeToString(
                        java.util.UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                "mdg.inbound.sources.sourcing.mapping", Path.of("../deploy/mappings/procurely.yaml").toAbsolutePath()
                        .normalize().toString()));
        base = "http://localhost:" + service.port();
        api = new GraphQlClient(base + "/graphql");
        for (Principal p : PRINCIPALS) {
            if (!p.name().equals("anonymous")) {
                tokens.put(p.name(), p.client() ? keycloak.clientToken(p.name()) : keycloak.userToken(p.name()));
            }
        }
        supplierId = newSupplier();
        consumerId = api.post(tokens.get("ada.admin"), """
                mutation { registerConsumer(input: { name: "Matrix ERP", clientId: "%s", types: [SUPPLIER],
                    delivery: PULL }) { consumerId } }""".formatted(SAMPLE_SYSTEM_CLIENT), Map.of())
                .body().path("data").path("registerConsumer").path("consumerId").asText();
        assertThat(consumerId).startsWith("consumer-");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ the matrix

    @Test
    void every_role_is_allowed_or_denied_every_operation_exactly_as_SECURITY_md_says() throws Exception {
        Map<String, Map<String, String>> table = table();
        Map<String, Function<Principal, Boolean>> calls = operations();
        Set<String> schemaOperations = schemaOperations();

        assertThat(table.keySet()).as("SECURITY.md rows for every GraphQL operation of the schema")
                .containsAll(schemaOperations);
        assertThat(calls.keySet()).as("a sample call for every row of SECURITY.md").containsAll(table.keySet());

        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, Map<String, String>> row : table.entrySet()) {
            for (Principal principal : PRINCIPALS) {
                String cell = row.getValue().get(principal.column());
                boolean expected = expectedAllowed(cell, principal);
                boolean allowed = calls.get(row.getKey()).apply(principal);
                checked++;
                if (allowed != expected) {
                    mismatches.add(row.getKey() + " by " + principal + ": SECURITY.md says '" + cell + "', the service "
                            + (allowed ? "allowed" : "denied") + " it");
                }
            }
        }
        System.out.printf("SecurityMatrixIT: %d cases (%d operations x %d callers), %d unexpected allows, %d unexpected"
                        + " denies%n", checked, table.size(), PRINCIPALS.size(),
                mismatches.stream().filter(m -> m.endsWith("allowed it")).count(),
                mismatches.stream().filter(m -> m.endsWith("denied it")).count());
        assertThat(mismatches).as("checked " + checked + " calls").isEmpty();
        assertThat(checked).isGreaterThanOrEqualTo(schemaOperations.size() * PRINCIPALS.size());
    }

    @Test
    void nobody_decides_their_own_request_and_a_source_client_never_decides() {
        String heldByErp = heldBankChange();
        String erp = tokens.get("erp");
        Answer erpApproves = api.post(erp, """
                mutation($id: ID!) { approveChangeRequest(id: $id, comment: "ok", verificationNote: "x") { id } }""",
                Map.of("id", heldByErp));
        assertThat(erpApproves.firstError().path("extensions").path("reason").asText())
                .isEqualTo("SOURCE_CLIENT_CANNOT_DECIDE");
        String proposal = proposalBy("sam.supplier");
        for (String mutation : List.of("approveChangeRequest(id: $id, comment: \"mine\")",
                "rejectChangeRequest(id: $id, reason: \"mine\")")) {
            Answer own = api.post(tokens.get("sam.supplier"), "mutation($id: ID!) { " + mutation + " { id } }",
                    Map.of("id", proposal));
            assertThat(own.firstError().path("extensions").path("reason").asText()).as(mutation)
                    .isIn("SELF_APPROVAL", "SELF_REJECTION");
        }
        // the requester may withdraw: the ERP its held change
        Answer withdrawn = api.post(erp, "mutation($id: ID!) { withdrawChangeRequest(id: $id) { status } }",
                Map.of("id", heldByErp));
        assertThat(withdrawn.body().has("errors")).as(withdrawn.body().toString()).isFalse();
    }

    @Test
    void an_auditor_verifies_the_tamper_evident_audit_and_reads_the_checkpoints_public_key() {
        String auditor = keycloak.userToken("audrey.auditor");
        Answer verified = api.post(auditor, """
                { verifyAudit { ok complete entriesChecked firstBreak { kind message } } }""", Map.of());
        assertThat(verified.body().has("errors")).as(verified.body().toString()).isFalse();
        assertThat(verified.data().path("verifyAudit").path("ok").asBoolean()).as(verified.body().toString()).isTrue();
        assertThat(verified.data().path("verifyAudit").path("entriesChecked").asLong()).isPositive();
        assertThat(verified.data().path("verifyAudit").path("firstBreak").isNull()).isTrue();

        Answer keys = api.post(auditor, "{ auditSigningKeys { keyId publicKey signing } }", Map.of());
        assertThat(keys.data().path("auditSigningKeys").get(0).path("publicKey").asText())
                .startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(keys.data().path("auditSigningKeys").get(0).path("signing").asBoolean()).isTrue();

        Answer badRange = api.post(auditor, "{ verifyAudit(from: 5, to: 2) { ok } }", Map.of());
        assertThat(badRange.firstError().path("extensions").path("code").asText()).isEqualTo("VALIDATION_FAILED");
        Answer badExport = api.post(auditor, "{ verifyAudit(exportedCheckpoints: \"not a checkpoint\") { ok } }",
                Map.of());
        assertThat(badExport.firstError().path("extensions").path("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(badExport.firstError().path("message").asText()).contains("line 1");
    }

    @Test
    void tokens_of_another_realm_and_algorithm_tricks_are_refused() throws Exception {
        String query = "{ recordCounts { count } }";
        KeycloakAdmin admin = new KeycloakAdmin(keycloak);
        assertThat(api.post(admin.masterRealmToken(), query, Map.of()).status()).as("master realm").isEqualTo(401);

        String valid = tokens.get("andy.analyst");
        String[] parts = valid.split("\\.");
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String none = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes()) + "." + parts[1] + ".";
        assertThat(api.post(none, query, Map.of()).status()).as("alg none").isEqualTo(401);
        // HS256 "signed" with the realm's public key as the HMAC secret (the classic algorithm confusion)
        HttpResponse<String> jwks = http.send(HttpRequest.newBuilder(URI.create(keycloak.jwksUri())).build(),
                HttpResponse.BodyHandlers.ofString());
        byte[] secret = jwks.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        com.nimbusds.jwt.SignedJWT hs = new com.nimbusds.jwt.SignedJWT(
                new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256),
                com.nimbusds.jwt.SignedJWT.parse(valid).getJWTClaimsSet());
        hs.sign(new com.nimbusds.jose.crypto.MACSigner(java.util.Arrays.copyOf(secret, Math.max(secret.length, 32))));
        assertThat(api.post(hs.serialize(), query, Map.of()).status()).as("HS256 confusion").isEqualTo(401);
        assertThat(api.post(valid, query, Map.of()).status()).as("the genuine token").isEqualTo(200);
    }

    @Test
    void a_rotated_realm_signing_key_is_picked_up_without_a_restart() throws Exception {
        String query = "{ recordCounts { count } }";
        String before = keycloak.userToken("andy.analyst");
        assertThat(api.post(before, query, Map.of()).status()).isEqualTo(200);

        String newKey = new KeycloakAdmin(keycloak).rotateSigningKey(1000 + sequence.incrementAndGet());
        String after = keycloak.userToken("andy.analyst");
        assertThat(com.nimbusds.jwt.SignedJWT.parse(after).getHeader().getKeyID()).as("signed with the new key")
                .isEqualTo(newKey).isNotEqualTo(com.nimbusds.jwt.SignedJWT.parse(before).getHeader().getKeyID());
        Answer answer = api.post(after, query, Map.of());
        assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(200);
        assertThat(api.post(before, query, Map.of()).status()).as("the old key is still in the realm").isEqualTo(200);
    }

    /**
     * graphql-transport-ws has no re-authentication: a connection is closed with 4401 once its token has expired
     * (its {@code exp} plus the service's allowed clock skew, 30 s by default), and delivers changes until then.
     * The token comes from a Keycloak client whose access tokens live 5 s.
     */
    @Test
    void a_websocket_connection_is_closed_with_4401_once_its_token_has_expired() throws Exception {
        new KeycloakAdmin(keycloak).createShortLivedUserClient("mdg-short-lived", 5);
        String token = keycloak.tokenFrom("mdg-short-lived", "andy.analyst");
        java.time.Instant expiry = java.time.Instant.ofEpochSecond(
                ((Number) KeycloakServer.claims(token).get("exp")).longValue());
        CompletableFuture<Void> delivered = new CompletableFuture<>();
        URI uri = URI.create(base.replace("http:", "ws:") + "/graphql");
        try (GraphQlWebSocket socket = GraphQlWebSocket.connect(http, uri, token, message -> {
            if (message.path("type").asText().equals("next")) {
                delivered.complete(null);
            }
        })) {
            assertThat(socket.awaitAcknowledged(Duration.ofSeconds(30))).as("accepted while valid").isTrue();
            socket.subscribe("1", "subscription { recordChanged { recordId } }");
            ServiceHarness.eventually(() -> {
                newSupplier();
                return delivered.isDone() || socket.ended().isDone();
            }, done -> done, Duration.ofSeconds(60));
            assertThat(delivered).as("a change delivered before the token expired").isDone();

            int status = ServiceHarness.eventually(() -> socket.ended().getNow(null), java.util.Objects::nonNull,
                    Duration.ofSeconds(90));
            java.time.Instant closedAt = java.time.Instant.now();
            assertThat(status).as("close code").isEqualTo(4401);
            // the service's clock skew is the default, the most it accepts
            assertThat(closedAt).as("closed only once the token is no longer accepted")
                    .isAfterOrEqualTo(expiry.plus(io.mdg.graphql.security.SecurityProperties.MAX_CLOCK_SKEW));
        }
    }

    // ------------------------------------------------------------------------------- records through relations

    /**
     * Object level, generated from the schema: every field of a record type reachable from a query root a source
     * client may call (a row of SECURITY.md whose source-client cell is not "no") is walked, for every source client
     * and every record its own system holds, and must answer exactly the records the entitlement allows: those the
     * client's own system holds (a source record of its system maps to them), null or left out of a list with a
     * FORBIDDEN error on the field for the others. What the client should see is read through the same path by an
     * auditor (who reads everything). Polls until the read models agree (they follow the submissions).
     */
    @Test
    void source_clients_read_through_every_record_relation_only_the_records_their_own_system_holds() throws Exception {
        Map<String, List<String>> roots = relationFixtures();
        RecordPaths schema = RecordPaths.of(repositoryFile("graphql/src/main/resources/graphql"));
        List<String> rootFields = new ArrayList<>();
        table().forEach((operation, cells) -> {
            // (a consumer's own change feed is cut by its subscription, not by its system's records: ConsumerFeedIT;
            // a source's feed of its held submissions holds ids of its own submissions only, no record:
            // HeldSubmissionUpdatesTest)
            if (operation.startsWith("query ") && !cells.get("source client").equals("no")
                    && !cells.get("source client").equals("own consumer")
                    && !operation.equals("query heldSubmissionUpdates")) {
                rootFields.add(operation.substring("query ".length()));
            }
        });
        assertThat(rootFields).as("query roots a source client may call").containsExactly("recordBySource");

        String reader = keycloak.userToken("audrey.auditor");
        Map<String, String> clientTokens = new LinkedHashMap<>();
        roots.keySet().forEach(client -> clientTokens.put(client, keycloak.clientToken(client)));
        Map<String, Set<String>> outcomes = new java.util.TreeMap<>();
        List<List<String>> paths = schema.fromQuery("recordBySource");
        assertThat(paths.stream().map(p -> String.join(".", RecordPaths.fieldNames("recordBySource", p))))
                .as("record relations of the schema").contains("recordBySource", "recordBySource.manufacturer",
                        "recordBySource.supplier", "recordBySource.lines.item", "recordBySource.parent",
                        "recordBySource.children");
        for (List<String> path : paths) {
            String name = String.join(".", RecordPaths.fieldNames("recordBySource", path));
            String document = "query($system: SourceSystem!, $sourceId: String!) { recordBySource(system: $system,"
                    + " sourceId: $sourceId) { " + (path.isEmpty() ? RecordPaths.RECORD_SELECTION
                    : RecordPaths.selection(path)) + " } }";
            for (Map.Entry<String, List<String>> client : roots.entrySet()) {
                for (String sourceId : client.getValue()) {
                    String token = clientTokens.get(client.getKey());
                    Set<String> seen = ServiceHarness.eventually(
                            () -> relationOutcome(client.getKey(), token, reader, sourceId, path, document),
                            outcome -> outcome.stream().noneMatch(o -> o.startsWith("mismatch")),
                            Duration.ofSeconds(30));
                    outcomes.computeIfAbsent(name, n -> new TreeSet<>()).addAll(seen);
                }
            }
        }
        System.out.println("SecurityMatrixIT: record relations " + outcomes);
        outcomes.forEach((path, seen) -> {
            if (!seen.contains("blocked") && !path.equals("recordBySource")) {
                assertThat(seen).as("the fixtures show " + path + " both allowed and denied")
                        .contains("allowed", "denied");
            }
        });
    }

    /**
     * What a source client got at the end of the path compared with what the entitlement allows of what an auditor
     * sees there: "allowed" / "denied" (records it was given / withheld, as it should), "blocked" (a field on the way
     * is refused to the client altogether), "mismatch" (anything else, with the answers printed).
     */
    private static Set<String> relationOutcome(String client, String clientToken, String readerToken, String sourceId,
                                               List<String> path, String document) {
        String system = client.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        Map<String, Object> variables = Map.of("system", system, "sourceId", sourceId);
        Answer reader = api.post(readerToken, document, variables);
        Answer answer = api.post(clientToken, document, variables);
        List<String> names = RecordPaths.fieldNames("recordBySource", path);
        boolean blocked = false;
        boolean forbiddenAtLeaf = false;
        for (JsonNode error : answer.body().path("errors")) {
            if (!error.path("extensions").path("code").asText().equals("FORBIDDEN")) {
                continue;
            }
            List<String> at = new ArrayList<>();
            error.path("path").forEach(step -> {
                if (step.isTextual()) {
                    at.add(step.asText());
                }
            });
            forbiddenAtLeaf |= at.equals(names);
            blocked |= at.size() < names.size() && names.subList(0, at.size()).equals(at);
        }
        List<JsonNode> visible = RecordPaths.records(reader.data().path("recordBySource"), path);
        List<String> expected = visible.stream()
                .filter(r -> r.path("sourceRefs").findValuesAsText("system").contains(system))
                .map(r -> r.path("id").asText()).toList();
        List<String> given = RecordPaths.records(answer.data().path("recordBySource"), path).stream()
                .map(r -> r.path("id").asText()).toList();
        Set<String> outcome = new TreeSet<>();
        if (reader.data().path("recordBySource").isNull()) {
            outcome.add("mismatch (not readable yet)");
        } else if (blocked) {
            outcome.add(given.isEmpty() ? "blocked" : "mismatch " + answer.body());
        } else if (!given.equals(expected) || forbiddenAtLeaf != (expected.size() < visible.size())) {
            outcome.add("mismatch: expected " + expected + (expected.size() < visible.size() ? " and FORBIDDEN" : "")
                    + " of " + reader.body() + ", got " + answer.body());
        } else {
            if (!expected.isEmpty()) {
                outcome.add("allowed");
            }
            if (expected.size() < visible.size()) {
                outcome.add("denied");
            }
        }
        return outcome;
    }

    /**
     * Records held by different systems and related to each other, created by the systems of record of their
     * relations (a contract's supplier and lines: SOURCING; a supplier, an item's manufacturer and a location's
     * parent: ERP); another system comes to hold a record by submitting it too (matched on its tax id, GTIN or
     * GLN). Answers, per source client, the source ids of the records its own system holds.
     */
    private static Map<String, List<String>> relationFixtures() {
        Map<String, List<String>> roots = new LinkedHashMap<>();
        String run = "R" + sequence.incrementAndGet();
        String supplierOfErp = submit(roots, "erp", "Supplier", Map.of("sourceId", run + "-S-ERP",
                "legalName", "Relation Erp Medical Inc."));
        String gtinBase = String.valueOf(System.nanoTime() % 1_000_000_000L);
        String taxId = "13" + gtinBase.substring(Math.max(0, gtinBase.length() - 7));
        String sharedSupplier = submit(roots, "erp", "Supplier", Map.of("sourceId", run + "-S-SHARED",
                "legalName", "Relation Shared Medical Inc.", "taxId", taxId));
        submit(roots, "sourcing", "Supplier", Map.of("sourceId", run + "-S-SHARED-SRC", "taxId", taxId));
        String itemOfErp = submit(roots, "erp", "Item", item(run + "-I-ERP", supplierOfErp, gtin(gtinBase, 1)));
        submit(roots, "erp", "Item", item(run + "-I-ERP2", sharedSupplier, gtin(gtinBase, 2)));
        String sharedItem = submit(roots, "erp", "Item", item(run + "-I-SHARED", supplierOfErp, gtin(gtinBase, 3)));
        submit(roots, "sourcing", "Item", Map.of("sourceId", run + "-I-SHARED-SRC",
                "packaging", List.of(Map.of("unit", "EA", "gtin", gtin(gtinBase, 3)))));
        submit(roots, "sourcing", "Contract", contract(run + "-K-DENY", supplierOfErp, itemOfErp));
        submit(roots, "sourcing", "Contract", contract(run + "-K-ALLOW", sharedSupplier, sharedItem));
        String network = submit(roots, "erp", "Location", Map.of("sourceId", run + "-L-NET",
                "name", "Relation Health", "locationType", "NETWORK"));
        String campus = submit(roots, "erp", "Location", location(run + "-L-CAMPUS", "HOSPITAL_CAMPUS", network,
                gln(gtinBase, 1)));
        submit(roots, "inventory", "Location", Map.of("sourceId", run + "-L-CAMPUS-INV", "gln", gln(gtinBase, 1)));
        submit(roots, "erp", "Location", location(run + "-L-DEPT", "DEPARTMENT", campus, gln(gtinBase, 2)));
        submit(roots, "inventory", "Location", Map.of("sourceId", run + "-L-DEPT-INV", "gln", gln(gtinBase, 2)));
        submit(roots, "erp", "Location", location(run + "-L-DEPT2", "DEPARTMENT", campus, gln(gtinBase, 3)));
        return roots;
    }

    private static String submit(Map<String, List<String>> roots, String client, String type,
                                 Map<String, Object> input) {
        Answer answer = api.post(keycloak.clientToken(client), "mutation($input: " + type + "SubmissionInput!) { submit"
                + type + "(input: $input) { outcome goldenId } }", Map.of("input", input));
        String id = answer.data().path("submit" + type).path("goldenId").asText(null);
        assertThat(id).as(answer.body().toString()).isNotNull();
        assertThat(answer.data().path("submit" + type).path("outcome").asText()).as(answer.body().toString())
                .isIn("CREATED", "UPDATED", "UNCHANGED");
        roots.computeIfAbsent(client, c -> new ArrayList<>()).add((String) input.get("sourceId"));
        return id;
    }

    private static Map<String, Object> item(String sourceId, String manufacturer, String gtin) {
        return Map.of("sourceId", sourceId, "description", "Relation item " + sourceId, "itemClass", "MED_SURG",
                "manufacturer", Map.of("id", manufacturer), "packaging", List.of(Map.of("unit", "EA", "gtin", gtin)));
    }

    private static Map<String, Object> contract(String sourceId, String supplier, String item) {
        return Map.of("sourceId", sourceId, "contractNumber", sourceId, "supplier", Map.of("id", supplier),
                "contractType", "GPO", "effectiveFrom", "2026-01-01", "effectiveTo", "2027-12-31",
                "lines", List.of(Map.of("item", Map.of("id", item), "unit", "EA", "price", "10.00",
                        "currency", "USD")));
    }

    private static Map<String, Object> location(String sourceId, String type, String parent, String gln) {
        return Map.of("sourceId", sourceId, "name", "Relation " + sourceId, "locationType", type,
                "parent", Map.of("id", parent), "gln", gln);
    }

    /** A GTIN-14 (with its check digit) unique to this run. */
    private static String gtin(String base, int n) {
        return withCheckDigit("1" + String.format("%09d", Long.parseLong(base)) + String.format("%03d", n));
    }

    /** A GLN (13 digits with its check digit) unique to this run. */
    private static String gln(String base, int n) {
        return withCheckDigit(String.format("%09d", Long.parseLong(base)) + String.format("%03d", n));
    }

    /** GS1 check digit: weights 3 and 1 from the right. */
    private static String withCheckDigit(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            sum += i % 2 == 0 ? d * 3 : d;
        }
        return digits + (10 - sum % 10) % 10;
    }

    static boolean expectedAllowed(String cell, Principal principal) {
        return switch (cell) {
            case "yes", "yes, not own proposal" -> true;
            case "no" -> false;
            case "own system", "own consumer" -> principal.name().equals(SAMPLE_SYSTEM_CLIENT);
            case "own domain" -> principal.column().equals(SAMPLE_DOMAIN_COLUMN);
            case "own domain, not own request" -> principal.column().equals(SAMPLE_DOMAIN_COLUMN)
                    && !principal.name().equals(SAMPLE_REQUESTER);
            case "own request" -> principal.name().equals(SAMPLE_REQUESTER);
            // delegations: the sample delegates (and revokes a delegation of) the sample domain's steward role
            case "own role" -> principal.column().equals(SAMPLE_DOMAIN_COLUMN);
            case "own delegation" -> principal.name().equals(SAMPLE_REQUESTER);
            default -> throw new IllegalStateException("SECURITY.md has an unknown cell value '" + cell + "'");
        };
    }

    /** The role x operation table of SECURITY.md: operation -> column -> cell. */
    static Map<String, Map<String, String>> table() throws IOException {
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(repositoryFile("SECURITY.md"))) {
            Matcher m = ROW.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            String[] cells = m.group(3).split("\\|");
            assertThat(cells).as("cells of " + line).hasSize(COLUMNS.size());
            Map<String, String> byColumn = new LinkedHashMap<>();
            for (int i = 0; i < cells.length; i++) {
                byColumn.put(COLUMNS.get(i), cells[i].strip());
            }
            rows.put(m.group(1) + " " + m.group(2).strip(), byColumn);
        }
        assertThat(rows).as("the role x operation table of SECURITY.md").isNotEmpty();
        return rows;
    }

    /** "query supplier", "mutation submitBatch", "subscription recordChanged", ... from every schema file. */
    static Set<String> schemaOperations() throws IOException {
        Set<String> operations = new TreeSet<>();
        Path dir = repositoryFile("graphql/src/main/resources/graphql");
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".graphqls")).toList()) {
                String text = Files.readString(file)
                        .replaceAll("\"\"\"[\\s\\S]*?\"\"\"", "")
                        .replaceAll("\"[^\"\\n]*\"", "")
                        .replaceAll("#.*", "");
                Matcher type = Pattern.compile("(?:extend\\s+)?type\\s+(Query|Mutation|Subscription)\\s*\\{([\\s\\S]*?)\\n}")
                        .matcher(text);
                while (type.find()) {
                    Matcher field = Pattern.compile("(?m)^\\s{4}(\\w+)\\s*[(:]").matcher(type.group(2));
                    while (field.find()) {
                        operations.add(type.group(1).toLowerCase() + " " + field.group(1));
                    }
                }
            }
        }
        return operations;
    }

    private static Path repositoryFile(String relative) {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("SECURITY.md"))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException("SECURITY.md not found above " + here);
    }

    // ------------------------------------------------------------------------------------------------ the calls

    private static Map<String, Function<Principal, Boolean>> operations() {
        Map<String, Function<Principal, Boolean>> ops = new LinkedHashMap<>();
        String missing = "00000000-0000-0000-0000-000000000000";
        for (String type : List.of("supplier", "item", "contract", "location")) {
            ops.put("query " + type, p -> graphql(p, "query($id: ID!) { " + type + "(id: $id) { id } }", Map.of("id", missing)));
            ops.put("query " + type + "s", p -> graphql(p, "{ " + type + "s(first: 1) { pageInfo { hasNextPage } } }", Map.of()));
        }
        ops.put("query recordBySource", p -> graphql(p, """
                { recordBySource(system: ERP, sourceId: "SEC-NONE") { id } }""", Map.of()));
        ops.put("query recordCounts", p -> graphql(p, "{ recordCounts { type count } }", Map.of()));
        ops.put("query duplicateCandidates", p -> graphql(p, "{ duplicateCandidates(first: 1) { score } }", Map.of()));
        ops.put("query changeRequest", p -> graphql(p, "query($id: ID!) { changeRequest(id: $id) { id } }",
                Map.of("id", missing)));
        ops.put("query changeRequests", p -> graphql(p, "{ changeRequests(first: 1) { pageInfo { hasNextPage } } }", Map.of()));
        ops.put("query auditTrail", p -> graphql(p, "{ auditTrail(first: 1) { pageInfo { hasNextPage } } }", Map.of()));
        ops.put("query sensitiveReads", p -> graphql(p, "{ sensitiveReads(first: 1) { pageInfo { hasNextPage } } }",
                Map.of()));
        ops.put("query heldSubmissionUpdates", p -> graphql(p,
                "{ heldSubmissionUpdates(first: 1) { pageInfo { hasNextPage } } }", Map.of()));
        ops.put("query stewardNotifications", p -> graphql(p,
                "{ stewardNotifications(first: 1) { pageInfo { hasNextPage } } }", Map.of()));
        ops.put("query dataQuality", p -> graphql(p, "{ dataQuality { __typename } }", Map.of()));
        ops.put("query verifyAudit", p -> graphql(p, "{ verifyAudit(from: 1, to: 1) { ok } }", Map.of()));
        ops.put("query auditSigningKeys", p -> graphql(p, "{ auditSigningKeys { keyId } }", Map.of()));

        for (String type : List.of("Supplier", "Item", "Contract", "Location")) {
            ops.put("mutation submit" + type, p -> graphql(p, "mutation($input: " + type + "SubmissionInput!) { submit"
                    + type + "(input: $input) { outcome } }", Map.of("input", Map.of("sourceId", "SEC-" + type
                    + "-" + sequence.incrementAndGet()))));
        }
        ops.put("mutation submitBatch", p -> graphql(p, """
                mutation($id: String!) { submitBatch(input: { suppliers: [{ sourceId: $id, legalName: "Batch Medical" }] })
                    { index } }""", Map.of("id", "SEC-B-" + sequence.incrementAndGet())));
        ops.put("mutation changeLifecycle", p -> graphql(p, """
                mutation($id: ID!) { changeLifecycle(type: SUPPLIER, id: $id, status: SUSPENDED, reason: "matrix") { id } }""",
                Map.of("id", newSupplier())));
        ops.put("mutation mergeRecords", p -> graphql(p, """
                mutation($a: ID!, $b: ID!) { mergeRecords(type: SUPPLIER, survivorId: $a, mergedId: $b, reason: "matrix")
                    { id } }""", Map.of("a", supplierId, "b", newSupplier())));
        ops.put("mutation proposeChange", p -> graphql(p, """
                mutation($id: ID!) { proposeChange(input: { type: SUPPLIER, recordId: $id, reason: "matrix",
                    supplier: { legalName: "Matrix Renamed Inc." } }) { id } }""", Map.of("id", newSupplier())));
        ops.put("mutation approveChangeRequest", p -> graphql(p, """
                mutation($id: ID!) { approveChangeRequest(id: $id, comment: "ok", verificationNote: "called back") { id } }""",
                Map.of("id", proposalBy(SAMPLE_REQUESTER))));
        ops.put("mutation rejectChangeRequest", p -> graphql(p, """
                mutation($id: ID!) { rejectChangeRequest(id: $id, reason: "matrix") { id } }""",
                Map.of("id", proposalBy(SAMPLE_REQUESTER))));
        ops.put("mutation withdrawChangeRequest", p -> graphql(p, """
                mutation($id: ID!) { withdrawChangeRequest(id: $id, reason: "matrix") { id } }""",
                Map.of("id", proposalBy(SAMPLE_REQUESTER))));
        ops.put("subscription recordChanged", p -> subscription(p, "subscription { recordChanged { recordId } }"));
        ops.put("subscription consumerChanges", p -> subscription(p, "subscription { consumerChanges(consumer: \""
                + consumerId + "\") { seq } }"));
        ops.put("query deadLetters", p -> graphql(p, "{ deadLetters { processingGroup letters } }", Map.of()));
        ops.put("query replayStatus", p -> graphql(p, "{ replayStatus { projections { processingGroup } } }", Map.of()));
        ops.put("mutation retryDeadLetters", p -> graphql(p, """
                mutation { retryDeadLetters(processingGroup: "golden-records", sequenceIdentifier: "none") { attempted } }""",
                Map.of()));
        ops.put("mutation evictDeadLetters", p -> graphql(p, """
                mutation { evictDeadLetters(processingGroup: "golden-records", sequenceIdentifier: "none", reason: "matrix")
                    { attempted } }""", Map.of()));
        // an unknown group: the admin is allowed (and refused for the group), nothing is rebuilt under the other calls
        ops.put("mutation replayProjections", p -> graphql(p, """
                mutation { replayProjections(processingGroup: "no-such-group") { projections { processingGroup } } }""",
                Map.of()));
        ops.put("mutation checkConsistency", p -> graphql(p, "mutation { checkConsistency(maxDifferences: 1) { __typename } }",
                Map.of()));
        // consumers: a pull consumer (no endpoint to resolve); an unknown one for change and rotation (NOT_FOUND)
        ops.put("query consumers", p -> graphql(p, "{ consumers { id } }", Map.of()));
        ops.put("query changes", p -> graphql(p, "query($c: ID!) { changes(consumer: $c) { cursor } }",
                Map.of("c", consumerId)));
        ops.put("query consumer", p -> graphql(p, "{ consumer(id: \"no-such-consumer\") { id } }", Map.of()));
        ops.put("mutation registerConsumer", p -> graphql(p, """
                mutation($name: String!) { registerConsumer(input: { name: $name, clientId: $name, types: [ITEM],
                    delivery: PULL }) { consumerId } }""", Map.of("name", "matrix-" + sequence.incrementAndGet())));
        ops.put("mutation changeConsumer", p -> graphql(p, """
                mutation { changeConsumer(id: "no-such-consumer", input: { name: "m", clientId: "m", types: [ITEM],
                    delivery: PULL }) { consumerId } }""", Map.of()));
        ops.put("mutation rotateConsumerSecret", p -> graphql(p, """
                mutation { rotateConsumerSecret(id: "no-such-consumer") { consumerId } }""", Map.of()));
        // push delivery of an unknown consumer: nothing parked, nothing delivered, nothing to replay
        ops.put("query parkedDeliveries", p -> graphql(p, """
                { parkedDeliveries(consumer: "no-such-consumer") { seq } }""", Map.of()));
        ops.put("query deliveredVersions", p -> graphql(p, """
                { deliveredVersions(consumer: "no-such-consumer", type: ITEM, ids: ["i-1"]) { version } }""", Map.of()));
        ops.put("query exclusionLists", p -> graphql(p, "{ exclusionLists(limit: 1) { listId } }", Map.of()));
        ops.put("query screeningHits", p -> graphql(p, "{ screeningHits(limit: 1) { listId } }", Map.of()));
        ops.put("mutation rescreenSuppliers", p -> graphql(p,
                "mutation { rescreenSuppliers(listId: \"no-such-list\") { screened } }", Map.of()));
        ops.put("mutation replayParkedDeliveries", p -> graphql(p, """
                mutation { replayParkedDeliveries(consumer: "no-such-consumer") { queued } }""", Map.of()));
        // personal data: a person the supplier does not have (the admin is allowed, and refused as NOT_FOUND)
        ops.put("mutation eraseContact", p -> graphql(p, """
                mutation($s: ID!) { eraseContact(supplierId: $s, personId: "p-no-such-person", reason: "matrix")
                    { id } }""", Map.of("s", supplierId)));

        // delegations of approvals: the sample steward role to a steward outside the matrix; revoking the requester's
        ops.put("query delegations", p -> graphql(p, "{ delegations { id status } }", Map.of()));
        ops.put("mutation delegateApprovals", p -> graphql(p, """
                mutation($until: DateTime!) { delegateApprovals(input: { role: "supplier-steward",
                    delegate: "sol.supplier", until: $until, reason: "matrix" }) { id } }""",
                Map.of("until", java.time.Instant.now().plus(Duration.ofDays(1)).toString())));
        ops.put("mutation revokeDelegation", p -> graphql(p, """
                mutation($id: ID!) { revokeDelegation(id: $id, reason: "matrix") { id } }""",
                Map.of("id", delegationBy(SAMPLE_REQUESTER))));
        // the governance rules: read; a proposal refused as malformed, an approval and a rejection of an unknown
        // proposal (CONFLICT): the admin is allowed, nothing changes the rules in force under the other calls
        ops.put("query rules", p -> graphql(p, "{ rules { version hash } }", Map.of()));
        ops.put("query rulesChanges", p -> graphql(p, "{ rulesChanges { id } }", Map.of()));
        ops.put("mutation proposeRulesChange", p -> graphql(p,
                "mutation { proposeRulesChange(rules: \"version: matrix\", comment: \"matrix\") { id } }", Map.of()));
        ops.put("mutation approveRulesChange", p -> graphql(p,
                "mutation { approveRulesChange(id: \"no-such-change\") { id } }", Map.of()));
        ops.put("mutation rejectRulesChange", p -> graphql(p,
                "mutation { rejectRulesChange(id: \"no-such-change\", reason: \"matrix\") { id } }", Map.of()));

        ops.put("POST /import/{type}", p -> http(p, HttpRequest.newBuilder(URI.create(base + "/import/supplier"))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sourceId\":\"SEC-IMP-" + sequence.incrementAndGet()
                        + "\",\"legalName\":\"Import Medical\"}\n"))));
        // exclusion screening: an empty list in the LEIE layout (every supplier screened CLEAR, nothing requested)
        ops.put("POST /screening/exclusion-lists", p -> http(p, HttpRequest.newBuilder(URI.create(base
                        + "/screening/exclusion-lists?fileName=matrix.csv"))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("LASTNAME,FIRSTNAME,MIDNAME,BUSNAME,GENERAL,SPECIALTY,UPIN,"
                        + "NPI,DOB,ADDRESS,CITY,STATE,ZIP,EXCLTYPE,EXCLDATE,REINDATE,WAIVERDATE,WVRSTATE\n"))));
        ops.put("GET /audit/export.csv", p -> http(p, HttpRequest.newBuilder(URI.create(base
                + "/audit/export.csv?recordId=" + supplierId)).GET()));
        // inbound webhooks: a bearer token never stands in for the signature; the queue's entries are for admins
        // (unknown ids: NOT_FOUND for an admin, nothing replayed)
        ops.put("POST /inbound/{source}", p -> http(p, HttpRequest.newBuilder(URI.create(base + "/inbound/sourcing"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"ping\"}"))));
        ops.put("GET /intake/entries/{correlationId}", p -> http(p, HttpRequest.newBuilder(URI.create(base
                + "/intake/entries/no-such-entry")).GET()));
        ops.put("GET /intake/dead-letters", p -> http(p, HttpRequest.newBuilder(URI.create(base
                + "/intake/dead-letters")).GET()));
        ops.put("POST /intake/dead-letters/{correlationId}/replay", p -> http(p, HttpRequest.newBuilder(URI.create(base
                + "/intake/dead-letters/no-such-entry/replay")).POST(HttpRequest.BodyPublishers.noBody())));
        ops.put("GET /actuator/prometheus", p -> http(p, HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).GET()));
        ops.put("GET /actuator/health", p -> http(p, HttpRequest.newBuilder(URI.create(base + "/actuator/health")).GET()));
        ops.put("GET /console/", p -> http(p, HttpRequest.newBuilder(URI.create(base + "/console/")).GET()));
        return ops;
    }

    /** Allowed unless the answer is 401/403 or an error coded FORBIDDEN or UNAUTHENTICATED. */
    private static boolean graphql(Principal principal, String document, Map<String, Object> variables) {
        Answer answer = api.post(tokens.get(principal.name()), document, variables);
        if (answer.status() == 401 || answer.status() == 403) {
            return false;
        }
        assertThat(answer.status()).as(principal + ": " + document + " -> " + answer.body()).isLessThan(500);
        for (JsonNode error : answer.body().path("errors")) {
            String code = error.path("extensions").path("code").asText();
            if (code.equals("FORBIDDEN") || code.equals("UNAUTHENTICATED")) {
                return false;
            }
        }
        return true;
    }

    private static boolean http(Principal principal, HttpRequest.Builder request) {
        String token = tokens.get(principal.name());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(principal + ": " + response.body()).isLessThan(500);
            return response.statusCode() != 401 && response.statusCode() != 403;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * graphql-transport-ws: denied when the connection is closed (no or a bad token) or the subscription answers an
     * error coded FORBIDDEN; allowed when the subscription delivers a change. Both are positive signals: the changes
     * that would be delivered are made while waiting (the feed is hot, so one made before the subscription is
     * registered is missed), and no answer within the deadline fails the check instead of counting as either.
     */
    private static boolean subscription(Principal principal, String document) {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        URI uri = URI.create(base.replace("http:", "ws:") + "/graphql");
        try (GraphQlWebSocket socket = GraphQlWebSocket.connect(http, uri, tokens.get(principal.name()), message -> {
            switch (message.path("type").asText()) {
                case "next" -> outcome.complete("allowed");
                case "error" -> outcome.complete(message.path("payload").toString().contains("FORBIDDEN")
                        || message.path("payload").toString().contains("UNAUTHENTICATED") ? "denied"
                        : "error " + message.path("payload"));
                default -> { }
            }
        })) {
            socket.ended().whenComplete((closed, failure) -> {
                if (failure != null) {
                    outcome.completeExceptionally(failure);
                } else {
                    outcome.complete("denied");
                }
            });
            if (socket.awaitAcknowledged(Duration.ofSeconds(30))) {
                socket.subscribe("1", document);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!outcome.isDone() && System.nanoTime() < deadline) {
                newSupplier();
                try {
                    outcome.get(500, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException notYet) {
                    // no answer yet: make another change and wait again
                }
            }
            assertThat(outcome).as("subscription by " + principal + ": neither a change nor a refusal within 60 s")
                    .isDone();
            String result = outcome.get();
            assertThat(result).as("subscription by " + principal).isIn("allowed", "denied");
            return result.equals("allowed");
        } catch (Exception e) {
            throw new AssertionError("subscription by " + principal, e);
        }
    }

    // ------------------------------------------------------------------------------------------------ fixtures

    private static String newSupplier() {
        String sourceId = "SEC-S-" + sequence.incrementAndGet();
        Answer created = api.post(keycloak.clientToken("erp"), """
                mutation($id: String!) { submitSupplier(input: { sourceId: $id, sourceVersion: 1,
                    legalName: "Matrix Medical Inc." }) { goldenId } }""", Map.of("id", sourceId));
        String id = created.data().path("submitSupplier").path("goldenId").asText(null);
        assertThat(id).as(created.body().toString()).isNotNull();
        awaitReadable("supplier", id);
        return id;
    }

    /** A pending change request of the ERP (a held bank account change) on a new supplier. */
    private static String heldBankChange() {
        String sourceId = "SEC-S-" + sequence.incrementAndGet();
        String erp = keycloak.clientToken("erp");
        api.post(erp, """
                mutation($id: String!) { submitSupplier(input: { sourceId: $id, sourceVersion: 1,
                    legalName: "Matrix Bank Medical Inc." }) { goldenId } }""", Map.of("id", sourceId));
        Answer held = api.post(erp, """
                mutation($id: String!) { submitSupplier(input: { sourceId: $id, sourceVersion: 2, bankAccount: {
                    accountHolder: "Matrix", bankName: "First", routingNumber: "021000021", accountNumber: "123456789",
                    currency: "USD" } }) { changeRequestId } }""", Map.of("id", sourceId));
        String request = held.data().path("submitSupplier").path("changeRequestId").asText(null);
        assertThat(request).as(held.body().toString()).isNotNull();
        awaitReadable("changeRequest", request);
        return request;
    }

    /** A delegation of the sample steward role by {@code steward} to sol.supplier for a day; answers its id. */
    private static String delegationBy(String steward) {
        Answer delegated = api.post(keycloak.userToken(steward), """
                mutation($until: DateTime!) { delegateApprovals(input: { role: "supplier-steward",
                    delegate: "sol.supplier", until: $until, reason: "matrix" }) { id } }""",
                Map.of("until", java.time.Instant.now().plus(Duration.ofDays(1)).toString()));
        String id = delegated.data().path("delegateApprovals").path("id").asText(null);
        assertThat(id).as(delegated.body().toString()).isNotNull();
        return id;
    }

    private static String proposalBy(String steward) {
        Answer proposal = api.post(keycloak.userToken(steward), """
                mutation($id: ID!) { proposeChange(input: { type: SUPPLIER, recordId: $id, reason: "matrix",
                    supplier: { legalName: "Matrix Proposed Inc." } }) { id } }""", Map.of("id", newSupplier()));
        String request = proposal.data().path("proposeChange").path("id").asText(null);
        assertThat(request).as(proposal.body().toString()).isNotNull();
        awaitReadable("changeRequest", request);
        return request;
    }

    private static void awaitReadable(String field, String id) {
        String auditor = keycloak.userToken("audrey.auditor");
        try {
            ServiceHarness.eventually(() -> api.post(auditor, "query($id: ID!) { " + field + "(id: $id) { id } }",
                    Map.of("id", id)).data().path(field).path("id").asText(""), id::equals, Duration.ofSeconds(30));
        } catch (Exception e) {
            throw new AssertionError(field + " " + id + " never became readable", e);
        }
    }
}
