package io.mdg.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.mdg.app.ServiceHarness;
import io.mdg.e2e.support.KeycloakServer;
import io.mdg.resilience.support.Api;
import io.mdg.resilience.support.Api.Answer;

/**
 * Bad input and abusive queries over GraphQL with real Keycloak tokens, on one service.
 *
 * <p>Bad input: at least 1,000 submissions generated from a fixed seed (wrong check digits of GTIN, GLN, UDI-DI,
 * HIBC, tax ids and D-U-N-S; values of the wrong type; missing required fields; strings of 1 MB inside the body limit
 * and beyond it; unicode edge cases: right-to-left overrides, zero-width characters, surrogate pairs and lone
 * surrogates, NUL, digits of other scripts; injection-looking text; unknown enum values; location hierarchy and
 * packaging cycles): every answer is a clear refusal (a GraphQL error with {@code extensions.code}, a REJECTED result
 * whose every field error has a code, or HTTP 400/413), never a 5xx, and nothing changes (record counts and change
 * requests as before, no golden record for any tried source id). Abusive queries (deep nesting, alias floods, too many
 * root fields, too complex pages, unpaged lists, fragment bombs and cycles, a batch of 1,001, bodies over 1 MiB) are
 * refused with their codes, and the service answers normal queries and is healthy afterwards.
 */
class HostileInputIT {

    private static final int CASES_PER_KIND = 80;

    private static KeycloakServer keycloak;
    private static ServiceHarness service;
    private static Api api;
    private static String erp;
    private static String analyst;

    @BeforeAll
    static void start() throws Exception {
        keycloak = KeycloakServer.shared();
        service = ServiceHarness.start(Files.createTempDirectory("mdg-hostile"), Map.of(
                "mdg.security.issuer", keycloak.issuer(), "logging.level.root", "WARN"));
        api = new Api("http://localhost:" + service.port() + "/graphql");
        erp = keycloak.clientToken("erp");
        analyst = keycloak.userToken("andy.analyst");
        // Some valid records, for the cycles and references to aim at.
        submit("Location", Map.of("sourceId", "H-NET", "name", "Hostile Health", "locationType", "NETWORK"));
        submit("Location", Map.of("sourceId", "H-CAMPUS", "name", "Hostile General", "locationType", "HOSPITAL_CAMPUS",
                "parent", Map.of("sourceId", "H-NET")));
        submit("Location", Map.of("sourceId", "H-FAC", "name", "Main building", "locationType", "FACILITY",
                "parent", Map.of("sourceId", "H-CAMPUS")));
        submit("Supplier", Map.of("sourceId", "H-M1", "legalName", "Hostile Devices LLC"));
        submit("Item", Map.of("sourceId", "H-I1", "description", "Gauze pad", "itemClass", "MED_SURG",
                "manufacturer", Map.of("sourceId", "H-M1"),
                "packaging", List.of(Map.of("unit", "EA", "gtin", "00614141000036"))));
        // The read models are asynchronous: "before" is once these five are counted.
        ServiceHarness.eventually(() -> api.recordCount(analyst, "LOCATION") + api.recordCount(analyst, "SUPPLIER")
                + api.recordCount(analyst, "ITEM"), total -> total == 5, java.time.Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    /** One hostile request: what it tries, the GraphQL document, its variables or a raw body, the source id tried. */
    private record Case(String kind, String query, Map<String, Object> variables, String rawBody, String sourceId) {
    }

    @Test
    void a_thousand_invalid_or_hostile_submissions_are_refused_with_codes_and_change_nothing() throws Exception {
        String counts = counts();
        long pending = pendingChangeRequests();
        List<Case> cases = generate(new Random(9_2026L));
        assertThat(cases).hasSizeGreaterThanOrEqualTo(1000);

        Map<String, Integer> perKind = new TreeMap<>();
        Map<String, Integer> perAnswer = new TreeMap<>();
        int serverErrors = 0;
        List<String> unclear = new ArrayList<>();
        for (Case c : cases) {
            Answer answer = c.rawBody() != null ? api.postRaw(erp, c.rawBody()) : api.post(erp, c.query(), c.variables());
            perKind.merge(c.kind(), 1, Integer::sum);
            if (answer.status() >= 500) {
                serverErrors++;
            }
            String verdict = verdict(answer);
            if (verdict == null) {
                unclear.add(c.kind() + " -> " + answer.status() + " " + abbreviate(answer.text()));
            } else {
                perAnswer.merge(verdict, 1, Integer::sum);
            }
        }
        System.out.printf("[bad input] %d tried: %s%n[bad input] answers: %s; 5xx: %d; unclear: %d%n",
                cases.size(), perKind, perAnswer, serverErrors, unclear.size());
        assertThat(serverErrors).as("5xx answers").isZero();
        assertThat(unclear).as("answers without a clear error code").isEmpty();

        // No state change: counts and change requests as before, no golden record for a tried source id.
        assertThat(counts()).isEqualTo(counts);
        assertThat(pendingChangeRequests()).isEqualTo(pending);
        int probed = 0;
        for (Case c : cases) {
            if (c.sourceId() != null && c.sourceId().startsWith("BAD-")) {
                Answer bySource = api.post(analyst, "query($id: String!) { recordBySource(system: ERP, sourceId: $id) { id } }",
                        Map.of("id", c.sourceId()));
                assertThat(bySource.data().path("recordBySource").isNull()).as(c.kind() + " " + c.sourceId()).isTrue();
                probed++;
            }
        }
        assertThat(health()).isEqualTo(200);
        System.out.printf("[bad input] record counts and pending change requests (%d) unchanged, %d source ids probed: "
                + "no record; health UP%n", pending, probed);
    }

    @Test
    void abusive_queries_are_refused_with_their_codes_and_the_service_stays_responsive() throws Exception {
        String counts = counts();
        String admin = keycloak.userToken("ada.admin");
        long heapBefore = heapUsed(admin);
        Map<String, String> expected = new LinkedHashMap<>();
        Map<String, Supplier<Answer>> abuses = new LinkedHashMap<>();

        StringBuilder deep = new StringBuilder("{ locations(first: 1) { edges { node { id ");
        for (int i = 0; i < 40; i++) {
            deep.append("parent { id ");
        }
        deep.append("}".repeat(40)).append(" } } } }");
        abuses.put("deep nesting (40 levels)", () -> api.post(analyst, deep.toString(), Map.of()));
        expected.put("deep nesting (40 levels)", "QUERY_TOO_DEEP");

        StringBuilder aliases = new StringBuilder("{ recordCounts { ");
        for (int i = 0; i < 100; i++) {
            aliases.append("a").append(i).append(": count ");
        }
        String hundredAliases = aliases.append("} }").toString();
        abuses.put("alias flood (100 aliases)", () -> api.post(analyst, hundredAliases, Map.of()));
        expected.put("alias flood (100 aliases)", "TOO_MANY_ALIASES");
        StringBuilder flood = new StringBuilder("{ recordCounts { ");
        for (int i = 0; i < 20_000; i++) {
            flood.append("a").append(i).append(": count ");
        }
        String floodQuery = flood.append("} }").toString();
        abuses.put("alias flood (20,000 aliases: the parser's token limit)", () -> api.post(analyst, floodQuery, Map.of()));
        expected.put("alias flood (20,000 aliases: the parser's token limit)", null); // TOO_MANY_ALIASES or BAD_REQUEST

        StringBuilder roots = new StringBuilder("{ ");
        for (int i = 0; i < 11; i++) {
            roots.append("c").append(i).append(": recordCounts { count } ");
        }
        String rootsQuery = roots.append("}").toString();
        abuses.put("11 root fields", () -> api.post(analyst, rootsQuery, Map.of()));
        expected.put("11 root fields", "TOO_MANY_ROOT_FIELDS");

        abuses.put("too complex (500 wide records with history)", () -> api.post(analyst, "{ suppliers(first: 500) { edges"
                + " { node { id legalName history(first: 500) { edges { node { action } } } } } } }", Map.of()));
        expected.put("too complex (500 wide records with history)", "QUERY_TOO_COMPLEX");

        // Lists without `first` count their declared sizes (a contract's 20 lines, an item's 4 packaging levels, a
        // location's 20 children): the probe's 4.3 MB answers came from such lists, uncounted before.
        abuses.put("unpaged lists (100 contracts, their lines' items' packaging)", () -> api.post(analyst, "{ contracts("
                + "first: 100) { edges { node { id lines { unit price item { id packaging { unit gtin } } } } } } }",
                Map.of()));
        expected.put("unpaged lists (100 contracts, their lines' items' packaging)", "QUERY_TOO_COMPLEX");
        abuses.put("unpaged lists (children of children, their source refs)", () -> api.post(analyst, "{ locations("
                + "first: 20) { edges { node { children { children { sourceRefs { system sourceId } } } } } } }",
                Map.of()));
        expected.put("unpaged lists (children of children, their source refs)", "QUERY_TOO_COMPLEX");

        StringBuilder bomb = new StringBuilder("query { recordCounts { ...F0 } } ");
        for (int i = 0; i < 30; i++) {
            bomb.append("fragment F").append(i).append(" on RecordCount { ...F").append(i + 1).append(" ...F")
                    .append(i + 1).append(" } ");
        }
        bomb.append("fragment F30 on RecordCount { count }");
        abuses.put("fragment bomb (2^30 expansions)", () -> api.post(analyst, bomb.toString(), Map.of()));
        expected.put("fragment bomb (2^30 expansions)", null); // any code of the limits

        abuses.put("fragment cycle", () -> api.post(analyst, "query { recordCounts { ...A } } fragment A on RecordCount "
                + "{ count ...B } fragment B on RecordCount { type ...A }", Map.of()));
        expected.put("fragment cycle", "BAD_REQUEST");

        List<Map<String, Object>> suppliers = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            suppliers.add(Map.of("sourceId", "BATCH-" + i, "legalName", "Batch Flood " + i + " Inc."));
        }
        abuses.put("batch of 1,001", () -> api.post(erp, "mutation($input: BatchInput!) { submitBatch(input: $input) "
                + "{ index result { outcome } } }", Map.of("input", Map.of("suppliers", suppliers))));
        expected.put("batch of 1,001", "VALIDATION_FAILED");

        String big = "{\"query\":\"{ recordCounts { count } }\",\"variables\":{\"pad\":\"" + "x".repeat(8 * 1024 * 1024) + "\"}}";
        abuses.put("8 MiB body", () -> api.postExpectingContinue(analyst, big));
        expected.put("8 MiB body", "REQUEST_TOO_LARGE");

        Map<String, String> seen = new LinkedHashMap<>();
        for (int round = 0; round < 10; round++) {
            for (Map.Entry<String, Supplier<Answer>> abuse : abuses.entrySet()) {
                long started = System.nanoTime();
                Answer answer = abuse.getValue().get();
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertThat(answer.status()).as(abuse.getKey()).isLessThan(500);
                String code = answer.firstCode();
                assertThat(code).as(abuse.getKey() + ": " + abbreviate(answer.text())).isNotBlank();
                if (expected.get(abuse.getKey()) != null) {
                    assertThat(code).as(abuse.getKey() + ": " + abbreviate(answer.text()))
                            .isEqualTo(expected.get(abuse.getKey()));
                }
                assertThat(answer.data().isMissingNode() || answer.data().isNull()
                        || answer.data().path("submitBatch").isNull()).as(abuse.getKey() + " executed").isTrue();
                seen.merge(abuse.getKey(), code + " HTTP " + answer.status() + ", " + millis + " ms",
                        (first, now) -> first.replaceAll(" \\.\\.\\..*", "") + " ... " + millis + " ms");
            }
        }
        assertThat(counts()).as("the batch sent nothing").isEqualTo(counts);
        Answer normal = api.post(analyst, "{ recordCounts(type: LOCATION) { count } }", Map.of());
        assertThat(normal.hasErrors()).isFalse();
        assertThat(health()).isEqualTo(200);
        System.gc();
        long heapAfter = heapUsed(admin);
        System.out.printf("[abusive] each 10 times: %s%n[abusive] heap used %d MB before, %d MB after; normal query "
                + "answered, health UP%n", seen, heapBefore >> 20, heapAfter >> 20);
    }

    // ------------------------------------------------------------------------------------------------ generation

    private static List<Case> generate(Random random) {
        List<Case> cases = new ArrayList<>();
        int[] n = {0};
        Supplier<String> id = () -> "BAD-" + (n[0]++);
        for (int i = 0; i < CASES_PER_KIND; i++) {
            cases.add(supplier("GLN check digit", id.get(), Map.of("legalName", "Check Digit Medical Inc.",
                    "gln", wrongCheckDigit(random, 13))));
            cases.add(item("GTIN check digit", id.get(), Map.of("packaging",
                    List.of(Map.of("unit", "EA", "gtin", wrongCheckDigit(random, 14))))));
            cases.add(item("UDI-DI check digit (GS1)", id.get(), Map.of("udiDi", wrongCheckDigit(random, 14),
                    "udiAgency", "GS1", "implantable", true)));
            cases.add(item("HIBC check character", id.get(), Map.of("hibcCode", wrongHibc(random))));
            cases.add(location("HIN format", id.get(), Map.of("hin", "H" + random.nextInt(1000) + "!")));
            cases.add(supplier("tax id prefix or format", id.get(), Map.of("legalName", "Tax Medical Inc.",
                    "taxId", List.of("00", "07", "89", "49").get(random.nextInt(4)) + "-" + (1_000_000 + random.nextInt(8_999_999)))));
            cases.add(supplier("D-U-N-S format", id.get(), Map.of("legalName", "Duns Medical Inc.",
                    "duns", String.valueOf(random.nextInt(99_999_999)) + "X")));
            cases.add(typed("wrong type: string for Int", "Item", id.get(), Map.of("description", "Box", "itemClass", "LAB",
                    "packaging", List.of(Map.of("unit", "EA", "quantity", "ten")))));
            cases.add(typed("wrong type: object for String", "Supplier", id.get(),
                    Map.of("legalName", Map.of("$gt", ""))));
            cases.add(typed("wrong type: boolean for Long", "Supplier", id.get(), Map.of("legalName", "Typed Inc.",
                    "sourceVersion", true)));
            cases.add(typed("wrong type: Long overflow", "Supplier", id.get(), Map.of("legalName", "Typed Inc.",
                    "sourceVersion", new java.math.BigInteger("9".repeat(30)))));
            cases.add(typed("unknown enum value", "Location", id.get(), Map.of("name", "Moon", "locationType",
                    List.of("MOON_BASE", "storeroom", "", "STOREROOM; DROP").get(random.nextInt(4)))));
            cases.add(typed("unknown enum value", "Item", id.get(), Map.of("description", "Robot", "itemClass",
                    "SURGICAL_ROBOT")));
            cases.add(new Case("missing sourceId", "mutation($input: SupplierSubmissionInput!) { submitSupplier(input: "
                    + "$input) { outcome } }", Map.of("input", Map.of("legalName", "No Id Inc.")), null, null));
            cases.add(supplier("missing required legalName", id.get(), Map.of("taxId", "13-1234567")));
            cases.add(item("missing required description", id.get(), Map.of("itemClass", "LAB", "description", " ")));
            String unicodeId = id.get();
            cases.add(supplier("unicode in text", unicodeId, Map.of("legalName", unicode(random))));
            cases.add(supplier("unicode in identifiers", id.get(), Map.of("legalName", "Unicode Medical Inc.",
                    "gln", List.of("٠٦١٤١٤١٠٠٠٠٣٦", "0614141000036\u200B", "0614141\u202E000036", "06141410000\uD83D\uDE003")
                            .get(random.nextInt(4)))));
            cases.add(supplier("injection-looking text", id.get(), Map.of("legalName", "Injection Inc.",
                    "taxId", List.of("{\"$gt\":\"\"}", "'; DROP TABLE domain_event_entry; --", "<script>alert(1)</script>",
                            "${jndi:ldap://x/a}").get(random.nextInt(4)))));
            cases.add(supplier("injection-looking text", id.get(), Map.of("legalName", "<script>alert(1)</script>\u0000")));
            cases.add(location("location cycle", "H-CAMPUS", Map.of("name", "Hostile General",
                    "locationType", "HOSPITAL_CAMPUS", "parent", Map.of("sourceId", "H-FAC"))));
            String self = id.get();
            cases.add(location("location parent is itself", self, Map.of("name", "Self", "locationType", "FACILITY",
                    "parent", Map.of("sourceId", self))));
            cases.add(item("packaging cycle", id.get(), Map.of("packaging", List.of(
                    Map.of("unit", "BX", "quantity", 10, "containsUnit", "CS"),
                    Map.of("unit", "CS", "quantity", 4, "containsUnit", "BX")))));
            cases.add(item("packaging cycle", "H-I1", Map.of("description", "Gauze pad", "packaging", List.of(
                    Map.of("unit", "EA", "quantity", 2, "containsUnit", "EA", "gtin", "00614141000036")))));
        }
        // Huge strings: 1 MB inside the 1 MiB body limit (refused as too long) and beyond it (refused unread).
        for (int i = 0; i < 5; i++) {
            cases.add(supplier("1 MB string inside the body limit", id.get(), Map.of("legalName", "x".repeat(1_000_000))));
            cases.add(new Case("string beyond the body limit", null, null, "{\"query\":\"mutation { submitSupplier(input: "
                    + "{sourceId: \\\"" + id.get() + "\\\", legalName: \\\"" + "y".repeat(1_100_000) + "\\\"}) { outcome } }\"}",
                    null));
        }
        cases.add(new Case("body not JSON", null, null, "{\"query\": mutation {", null));
        // Lone surrogates escaped in the JSON text (a client's encoder would replace them before they get here).
        for (String lone : List.of("\\uDFFF", "\\uD800", "A\\uDBFFZ")) {
            String sourceId = id.get();
            cases.add(new Case("lone surrogate in text", null, null, "{\"query\":\"mutation($i: SupplierSubmissionInput!) "
                    + "{ submitSupplier(input: $i) { outcome errors { field code } } }\",\"variables\":{\"i\":{\"sourceId\":\""
                    + sourceId + "\",\"legalName\":\"Lone " + lone + " Surrogate Inc.\"}}}", sourceId));
        }
        cases.add(new Case("lone surrogate in the body", null, null, "{\"query\":\"{ recordBySource(system: ERP, sourceId: "
                + "\\\"\\uD800\\\") { id } }\"}", null));
        return cases;
    }

    private static Case supplier(String kind, String sourceId, Map<String, Object> input) {
        return submission(kind, "Supplier", sourceId, input);
    }

    private static Case item(String kind, String sourceId, Map<String, Object> input) {
        Map<String, Object> withRequired = new HashMap<>(Map.of("description", "Hostile item", "itemClass", "MED_SURG"));
        withRequired.putAll(input);
        return submission(kind, "Item", sourceId, withRequired);
    }

    private static Case location(String kind, String sourceId, Map<String, Object> input) {
        Map<String, Object> withRequired = new HashMap<>(Map.of("name", "Hostile place", "locationType", "STOREROOM",
                "parent", Map.of("sourceId", "H-FAC")));
        withRequired.putAll(input);
        return submission(kind, "Location", sourceId, withRequired);
    }

    private static Case typed(String kind, String type, String sourceId, Map<String, Object> input) {
        return submission(kind, type, sourceId, input);
    }

    private static Case submission(String kind, String type, String sourceId, Map<String, Object> input) {
        Map<String, Object> withId = new HashMap<>(input);
        withId.put("sourceId", sourceId);
        return new Case(kind, "mutation($input: " + type + "SubmissionInput!) { submit" + type + "(input: $input) "
                + "{ outcome goldenId errors { field code } } }", Map.of("input", withId), null, sourceId);
    }

    /** Digits with a valid GS1 structure but the check digit off by 1 to 9. */
    private static String wrongCheckDigit(Random random, int length) {
        int[] digits = new int[length];
        int sum = 0;
        for (int i = 0; i < length - 1; i++) {
            digits[i] = random.nextInt(10);
            int weight = (length - 1 - i) % 2 == 1 ? 3 : 1;
            sum += digits[i] * weight;
        }
        int check = (10 - sum % 10) % 10;
        digits[length - 1] = (check + 1 + random.nextInt(9)) % 10;
        StringBuilder text = new StringBuilder();
        for (int digit : digits) {
            text.append(digit);
        }
        return text.toString();
    }

    private static final String HIBC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%";

    /** A HIBC primary code ({@code +} LIC, product, unit of measure) with a wrong mod-43 check character. */
    private static String wrongHibc(Random random) {
        String data = "+H" + (100 + random.nextInt(900)) + "PART" + random.nextInt(10_000) + "0";
        int sum = data.chars().map(HIBC::indexOf).sum();
        return data + HIBC.charAt((sum % 43 + 1 + random.nextInt(42)) % 43);
    }

    private static String unicode(Random random) {
        return List.of("Acme\u0000Medical", "Acme\u202EMedical\u202C\u0007", "\u200B".repeat(300),
                "Acme \uDB40\uDC01 Medical\u0085", "\uFFFF\uFFFE Medical", "Acme\r\nMedical",
                "\uD83D\uDE00".repeat(200)).get(random.nextInt(7));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The clear refusal an answer carries, or null when it carries none. */
    private static String verdict(Answer answer) {
        if (answer.status() == 413 || answer.status() == 400) {
            String code = answer.firstCode();
            return "HTTP " + answer.status() + (code == null ? "" : " " + code);
        }
        if (answer.hasErrors()) {
            String code = answer.firstCode();
            return code == null || code.isBlank() ? null : code;
        }
        for (JsonNode result : answer.data()) {
            if (result.path("outcome").asText().equals("REJECTED") && !result.path("errors").isEmpty()) {
                for (JsonNode error : result.path("errors")) {
                    if (error.path("code").asText().isBlank()) {
                        return null;
                    }
                }
                return "REJECTED " + result.path("errors").path(0).path("code").asText();
            }
        }
        return null;
    }

    private static void submit(String type, Map<String, Object> input) {
        Answer answer = api.post(erp, "mutation($input: " + type + "SubmissionInput!) { submit" + type
                + "(input: $input) { outcome errors { field code } } }", Map.of("input", input));
        assertThat(answer.data().path("submit" + type).path("outcome").asText()).as(answer.text()).isEqualTo("CREATED");
    }

    private static String counts() throws Exception {
        return ServiceHarness.eventually(() -> api.post(analyst, "{ recordCounts { type status count } }", Map.of()).text(),
                text -> text.contains("LOCATION"), java.time.Duration.ofSeconds(30));
    }

    private static long pendingChangeRequests() {
        return api.post(analyst, "{ changeRequests(filter: {status: PENDING}, first: 500) { edges { cursor } } }",
                Map.of()).data().path("changeRequests").path("edges").size();
    }

    private static int health() {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + service.port() + "/actuator/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static long heapUsed(String admin) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + service.port()
                        + "/actuator/metrics/jvm.memory.used?tag=area:heap")).header("Authorization", "Bearer " + admin)
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return -1;
        }
        return Api.JSON.readTree(response.body()).path("measurements").path(0).path("value").asLong();
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
