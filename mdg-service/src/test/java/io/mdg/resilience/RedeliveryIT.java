package io.mdg.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.mdg.app.ServiceHarness;
import io.mdg.e2e.support.KeycloakServer;
import io.mdg.resilience.support.Api;
import io.mdg.resilience.support.Api.Answer;

/**
 * Redelivery: a scenario of source messages (suppliers, items with packaging, a contract, a location hierarchy, links
 * from other sources, updates, high-risk changes held for approval) is sent to one fresh service once each, in order,
 * and to another fresh service three times each, the copies of a phase concurrently and shuffled, then every first
 * version once more after the updates (late, out-of-order redeliveries that sourceVersion must turn away). The golden
 * records (every attribute, status, source refs with versions, lineage, pending changes, change requests) and the
 * audit trails must be equal, apart from generated ids, timestamps and correlation ids; no twin records, no second
 * change request for a repeated held change.
 *
 * <p>Phases follow the references (a contract needs its supplier and item, a location its parent): a source system
 * does not send a record before the records it references exist. Within a phase everything is concurrent.
 */
class RedeliveryIT {

    /** A contact's person id as the command side generates it. */
    private static final java.util.regex.Pattern PERSON_ID = java.util.regex.Pattern.compile(
            "p-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static final int COPIES = 3;
    private static final String RESULT = "{ outcome goldenId changeRequestId errors { field code } }";
    private static final String ADDRESS = "{ line1 line2 city region postalCode country }";
    private static final String COMMON = "id version status sourceRefs { system sourceId sourceVersion } "
            + "lineage { attribute system sourceId } pendingChanges { attributes system sourceId approvalsRequired } "
            + "changeRequests { status type attributes groups changes { attribute before after } approvalsRequired "
            + "approvals source { system sourceId sourceVersion } requestedBy { type name } } "
            + "history(first: 200) { edges { node { action recordType recordId changes { attribute before after status code } "
            + "actor { type name } source { system sourceId sourceVersion } comment errors { field code } } } }";
    private static final Map<String, String> SELECTIONS = Map.of(
            "supplier", "legalName tradingNames taxId duns gln orderingAddress " + ADDRESS + " remitToAddress " + ADDRESS
                    + " bankAccount { accountHolder bankName routingNumber accountNumber iban currency }"
                    + " contacts { name role email phone } screeningStatus",
            "item", "description manufacturerId manufacturerPartNumber udiDi udiAgency hibcCode unspsc itemClass"
                    + " packaging { unit quantity containsUnit gtin conversionFactor } sterile latex implantable mriSafety",
            "contract", "contractNumber supplierId contractType tier effectiveFrom effectiveTo"
                    + " lines { itemId unit price currency tier effectiveFrom effectiveTo }",
            "location", "name locationType parentId gln hin address " + ADDRESS
                    + " costCentre storageCondition replenishmentMethod children { id }");

    /** One source message: who sends it and what (the input may refer to golden ids known by then). */
    private record Message(String client, String type, String key, Function<Function<String, String>, Map<String, Object>> input) {
    }

    @Test
    void three_concurrent_shuffled_copies_and_late_old_versions_end_like_one_ordered_delivery() throws Exception {
        KeycloakServer keycloak = KeycloakServer.shared();
        Map<String, String> tokens = new ConcurrentHashMap<>();
        for (String client : List.of("erp", "sourcing", "inventory", "supplier-portal")) {
            tokens.put(client, keycloak.clientToken(client));
        }
        String steward = keycloak.userToken("sam.supplier");

        Snapshot once;
        try (ServiceHarness service = start(keycloak)) {
            Api api = new Api("http://localhost:" + service.port() + "/graphql");
            Tally tally = new Tally();
            for (List<Message> phase : scenario()) {
                for (Message message : phase) {
                    tally.add(send(api, tokens, message, goldenIds(api, tokens)));
                }
            }
            assertThat(tally.rejectedOrFailed.get()).as(tally.toString()).isZero();
            once = snapshot(api, steward, tally);
        }

        Snapshot redelivered;
        Tally tally = new Tally();
        try (ServiceHarness service = start(keycloak)) {
            Api api = new Api("http://localhost:" + service.port() + "/graphql");
            Random random = new Random(20260301L);
            ExecutorService pool = Executors.newFixedThreadPool(12);
            try {
                List<List<Message>> phases = new ArrayList<>(scenario());
                // Late redeliveries: every first version again, after the updates (sourceVersion turns them away).
                phases.add(phases.subList(0, phases.size() - 1).stream().flatMap(List::stream).toList());
                for (List<Message> phase : phases) {
                    Function<String, String> ids = goldenIds(api, tokens);
                    List<Message> copies = new ArrayList<>();
                    phase.forEach(m -> copies.addAll(Collections.nCopies(COPIES, m)));
                    Collections.shuffle(copies, random);
                    List<Future<JsonNode>> results = new ArrayList<>();
                    for (Message message : copies) {
                        results.add(pool.submit(() -> send(api, tokens, message, ids)));
                    }
                    for (Future<JsonNode> result : results) {
                        tally.add(result.get());
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            redelivered = snapshot(api, steward, tally);
        }

        System.out.printf("[redelivery] once in order: %s%n[redelivery] %d copies, concurrent, shuffled, then old "
                + "versions late: %s%n", once.tally(), COPIES, tally);
        assertThat(tally.rejectedOrFailed.get()).as("rejected or failed redeliveries: " + tally).isZero();
        assertThat(redelivered.records().keySet()).isEqualTo(once.records().keySet());
        for (String key : once.records().keySet()) {
            assertThat(Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(redelivered.records().get(key)))
                    .as("golden record and history of " + key)
                    .isEqualTo(Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(once.records().get(key)));
        }
        assertThat(redelivered.auditTrail()).as("the whole audit trail").isEqualTo(once.auditTrail());
        assertThat(redelivered.counts()).as("record counts (duplicates: 0)").isEqualTo(once.counts());
        System.out.printf("[redelivery] equal: %d golden records, %d audit entries, %d pending change requests; "
                        + "duplicates 0%n", once.records().size(), once.auditTrail().size(),
                once.records().values().stream().mapToLong(r -> r.path("changeRequests").size()).sum());
    }

    // ---------------------------------------------------------------------------------------------- scenario

    private static List<List<Message>> scenario() {
        Map<String, Object> bank1 = Map.of("accountHolder", "Redelivery Medical Inc.", "bankName", "First Bank",
                "routingNumber", "021000021", "accountNumber", "111122223333", "currency", "USD");
        Map<String, Object> bank2 = Map.of("accountHolder", "Redelivery Medical Inc.", "bankName", "First Bank",
                "routingNumber", "021000021", "accountNumber", "999988887777", "currency", "USD");
        Map<String, Object> address = Map.of("line1", "1 Harbor Way", "city", "Boston", "postalCode", "02110", "country", "US");
        List<Map<String, Object>> packaging1 = List.of(Map.of("unit", "EA", "gtin", "00614141000012"),
                Map.of("unit", "BX", "quantity", 100, "containsUnit", "EA"));
        List<Map<String, Object>> packaging2 = List.of(Map.of("unit", "EA", "gtin", "00614141000029"),
                Map.of("unit", "BX", "quantity", 12, "containsUnit", "EA"));

        Message s1 = new Message("erp", "Supplier", "ERP:RD-S1", ids -> Map.of("sourceId", "RD-S1", "sourceVersion", 1,
                "legalName", "Redelivery Medical Inc.", "taxId", "13-2468024", "orderingAddress", address,
                "bankAccount", bank1));
        Message m1 = new Message("erp", "Supplier", "ERP:RD-M1", ids -> Map.of("sourceId", "RD-M1", "sourceVersion", 1,
                "legalName", "Redelivery Devices LLC", "orderingAddress", address));
        Message net = location("RD-NET", 1, "Redelivery Health", "NETWORK", null, Map.of());
        Message i1 = new Message("erp", "Item", "ERP:RD-I1", ids -> Map.of("sourceId", "RD-I1", "sourceVersion", 1,
                "description", "Exam glove nitrile M", "manufacturer", Map.of("sourceId", "RD-M1"),
                "unspsc", "42132203", "itemClass", "MED_SURG", "packaging", packaging1, "sterile", false, "latex", false));
        Message i2 = new Message("erp", "Item", "ERP:RD-I2", ids -> Map.of("sourceId", "RD-I2", "sourceVersion", 1,
                "description", "Suture absorbable 3-0", "manufacturer", Map.of("sourceId", "RD-M1"),
                "unspsc", "42312201", "itemClass", "MED_SURG", "packaging", packaging2));
        Message campus = location("RD-CAMPUS", 1, "Redelivery General", "HOSPITAL_CAMPUS", "RD-NET", Map.of());
        Message portal = new Message("supplier-portal", "Supplier", "SUPPLIER_PORTAL:SP-RD-1", ids -> Map.of(
                "sourceId", "SP-RD-1", "sourceVersion", 1, "legalName", "Redelivery Medical", "taxId", "132468024",
                "contacts", List.of(Map.of("name", "Orders", "role", "customer service", "email", "orders@rd.example"))));
        Message contract = new Message("sourcing", "Contract", "SOURCING:CT-RD-1", ids -> Map.of("sourceId", "CT-RD-1",
                "sourceVersion", 1, "contractNumber", "GPO-RD-1", "supplier", Map.of("id", ids.apply("ERP:RD-S1")),
                "contractType", "GPO", "tier", "TIER-2", "effectiveFrom", "2027-01-01", "effectiveTo", "2028-12-31",
                "lines", List.of(Map.of("item", Map.of("id", ids.apply("ERP:RD-I1")), "unit", "BX", "price", "96.00",
                        "currency", "USD"))));
        Message facility = location("RD-FAC", 1, "Redelivery General main building", "FACILITY", "RD-CAMPUS", Map.of());
        Message inventoryItem = new Message("inventory", "Item", "INVENTORY:INV-RD-1", ids -> Map.of("sourceId", "INV-RD-1",
                "sourceVersion", 1, "description", "GLOVE EXAM NITRILE MED",
                "packaging", List.of(Map.of("unit", "EA", "gtin", "00614141000012"))));
        Message dept = location("RD-DEPT", 1, "Surgery", "DEPARTMENT", "RD-FAC", Map.of());
        Message store = location("RD-STORE", 1, "OR storeroom", "STOREROOM", "RD-DEPT", Map.of("gln", "0614141000036"));
        Message inventoryStore = new Message("inventory", "Location", "INVENTORY:INV-RD-ST", ids -> Map.of(
                "sourceId", "INV-RD-ST", "sourceVersion", 1, "name", "Main OR stock", "gln", "0614141000036",
                "storageCondition", "REFRIGERATED", "replenishmentMethod", "PAR_LEVEL"));

        // Updates: low-risk changes applied, high-risk ones held (bank account: 2 approvals; contract tier; parent).
        Message s1v2 = new Message("erp", "Supplier", "ERP:RD-S1", ids -> Map.of("sourceId", "RD-S1", "sourceVersion", 2,
                "legalName", "Redelivery Medical Inc.", "taxId", "13-2468024", "orderingAddress", address,
                "bankAccount", bank2));
        Message m1v2 = new Message("erp", "Supplier", "ERP:RD-M1", ids -> Map.of("sourceId", "RD-M1", "sourceVersion", 2,
                "legalName", "Redelivery Devices LLC", "orderingAddress", Map.of("line1", "9 Dock Street",
                        "city", "Salem", "postalCode", "01970", "country", "US")));
        Message i1v2 = new Message("erp", "Item", "ERP:RD-I1", ids -> Map.of("sourceId", "RD-I1", "sourceVersion", 2,
                "description", "Exam glove nitrile, medium", "manufacturer", Map.of("sourceId", "RD-M1"),
                "unspsc", "42132203", "itemClass", "MED_SURG", "packaging", packaging1, "sterile", false, "latex", false));
        Message contractV2 = new Message("sourcing", "Contract", "SOURCING:CT-RD-1", ids -> Map.of("sourceId", "CT-RD-1",
                "sourceVersion", 2, "tier", "TIER-1"));
        Message deptV2 = location("RD-DEPT", 2, "Perioperative services", "DEPARTMENT", "RD-FAC", Map.of());
        Message storeV2 = location("RD-STORE", 2, "OR storeroom", "STOREROOM", "RD-FAC", Map.of("gln", "0614141000036"));

        return List.of(
                List.of(s1, m1, net),
                List.of(i1, i2, campus, portal),
                List.of(contract, facility, inventoryItem),
                List.of(dept),
                List.of(store),
                List.of(inventoryStore),
                List.of(s1v2, m1v2, i1v2, contractV2, deptV2, storeV2));
    }

    private static Message location(String sourceId, int version, String name, String type, String parent,
                                    Map<String, Object> more) {
        return new Message("erp", "Location", "ERP:" + sourceId, ids -> {
            Map<String, Object> input = new TreeMap<>(more);
            input.putAll(Map.of("sourceId", sourceId, "sourceVersion", version, "name", name, "locationType", type));
            if (parent != null) {
                input.put("parent", Map.of("sourceId", parent));
            }
            return input;
        });
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static ServiceHarness start(KeycloakServer keycloak) throws Exception {
        return ServiceHarness.start(Files.createTempDirectory("mdg-redelivery"), Map.of(
                "mdg.security.issuer", keycloak.issuer(), "logging.level.root", "WARN",
                // the comparison reads each record whole, every unpaged list at its declared size (about 17,600 points)
                "mdg.graphql.max-complexity", "50000"));
    }

    private static JsonNode send(Api api, Map<String, String> tokens, Message message, Function<String, String> ids) {
        String query = "mutation($input: " + message.type() + "SubmissionInput!) { submit" + message.type()
                + "(input: $input) " + RESULT + " }";
        Answer answer = api.post(tokens.get(message.client()), query, Map.of("input", message.input().apply(ids)));
        if (answer.hasErrors() || answer.status() != 200) {
            return Api.JSON.createObjectNode().put("outcome", "ERROR " + answer.firstCode())
                    .put("detail", message.key() + ": " + answer.text());
        }
        return answer.data().path("submit" + message.type());
    }

    /** Golden ids by "SYSTEM:sourceId", looked up through the cross-reference. */
    private static Function<String, String> goldenIds(Api api, Map<String, String> tokens) {
        return key -> {
            String[] parts = key.split(":", 2);
            try {
                return ServiceHarness.eventually(() -> api.post(tokens.get("erp"), "query($s: SourceSystem!, $id: String!) "
                                + "{ recordBySource(system: $s, sourceId: $id) { id } }", Map.of("s", parts[0], "id", parts[1]))
                        .data().path("recordBySource").path("id").asText(), id -> !id.isEmpty(), java.time.Duration.ofSeconds(30));
            } catch (Exception e) {
                throw new AssertionError("no golden record for " + key, e);
            }
        };
    }

    /** Outcomes of the submissions sent. */
    static final class Tally {
        final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        final AtomicInteger rejectedOrFailed = new AtomicInteger();
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());

        void add(JsonNode result) {
            String outcome = result.path("outcome").asText();
            outcomes.computeIfAbsent(outcome, o -> new AtomicInteger()).incrementAndGet();
            if (outcome.startsWith("ERROR") || outcome.equals("REJECTED")) {
                rejectedOrFailed.incrementAndGet();
                problems.add(result.toString());
            }
        }

        int total() {
            return outcomes.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        @Override
        public String toString() {
            return total() + " sent " + new TreeMap<>(outcomes) + (problems.isEmpty() ? "" : " problems: " + problems);
        }
    }

    /** Records by key (their first source ref) with golden ids replaced by keys; the audit trail, normalised. */
    record Snapshot(Map<String, JsonNode> records, List<String> auditTrail, JsonNode counts, String tally) {
    }

    private static Snapshot snapshot(Api api, String reader, Tally tally) throws Exception {
        // The read models are asynchronous: read them once every projection has applied every stored event.
        String admin = KeycloakServer.shared().userToken("ada.admin");
        ServiceHarness.eventually(() -> api.projectionsAtHead(admin), Boolean::booleanValue, Duration.ofSeconds(60));
        return read(api, reader, tally);
    }

    private static Snapshot read(Api api, String reader, Tally tally) throws Exception {
        Map<String, String> keys = new TreeMap<>();
        Map<String, JsonNode> raw = new TreeMap<>();
        for (String type : List.of("supplier", "item", "contract", "location")) {
            for (JsonNode listed : api.all(reader, type + "s", "", "id sourceRefs { system sourceId }")) {
                String id = listed.path("id").asText();
                List<String> refs = new ArrayList<>();
                listed.path("sourceRefs").forEach(r -> refs.add(r.path("system").asText() + ":" + r.path("sourceId").asText()));
                Collections.sort(refs);
                String key = refs.isEmpty() ? id : refs.get(0);
                keys.put(id, key);
                Answer answer = api.post(reader, "query($id: ID!) { " + type + "(id: $id) { " + COMMON + " "
                        + SELECTIONS.get(type) + " } }", Map.of("id", id));
                assertThat(answer.hasErrors()).as(answer.text()).isFalse();
                raw.put(key, answer.data().path(type));
            }
        }
        Map<String, JsonNode> records = new TreeMap<>();
        for (Map.Entry<String, JsonNode> record : raw.entrySet()) {
            records.put(record.getKey(), normalise(record.getValue(), keys));
        }

        List<String> audit = new ArrayList<>();
        for (JsonNode entry : api.all(reader, "auditTrail", "String", 200, "",
                "action recordType recordId changes { attribute before after status code } actor { type name } "
                        + "source { system sourceId sourceVersion } comment errors { field code }")) {
            audit.add(normalise(entry, keys).toString());
        }
        Collections.sort(audit);
        JsonNode counts = api.post(reader, "{ recordCounts { type status count } }", Map.of()).data().path("recordCounts");
        return new Snapshot(records, audit, counts, tally.toString());
    }

    /**
     * Golden ids replaced by record keys, contacts' person ids (generated too) by their order of appearance, the time
     * the rules were adopted by a placeholder, change request lists sorted (their ids are generated).
     */
    private static JsonNode normalise(JsonNode node, Map<String, String> keys) throws java.io.IOException {
        String text = Api.JSON.writeValueAsString(node);
        for (Map.Entry<String, String> key : keys.entrySet()) {
            text = text.replace(key.getKey(), key.getValue());
        }
        java.util.regex.Matcher persons = PERSON_ID.matcher(text);
        Map<String, String> personKeys = new java.util.LinkedHashMap<>();
        StringBuilder replaced = new StringBuilder();
        while (persons.find()) {
            persons.appendReplacement(replaced, personKeys.computeIfAbsent(persons.group(),
                    id -> "person-" + (personKeys.size() + 1)));
        }
        text = persons.appendTail(replaced).toString();
        // the rules adopted at each run's first start: in force from that start
        text = text.replaceAll("in force from \\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z", "in force from (the first start)");
        JsonNode normalised = Api.JSON.readTree(text);
        if (normalised instanceof ObjectNode object && object.path("changeRequests").isArray()) {
            List<String> requests = new ArrayList<>();
            object.path("changeRequests").forEach(r -> requests.add(r.toString()));
            Collections.sort(requests);
            ArrayNode sorted = object.putArray("changeRequests");
            for (String request : requests) {
                sorted.add(Api.JSON.readTree(request));
            }
        }
        return normalised;
    }
}
