package io.mdg.demo;

import static io.mdg.demo.data.DemoNetwork.JSON;
import static io.mdg.demo.data.DemoNetwork.json;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.mdg.api.SourceSystem;
import io.mdg.demo.data.DemoNetwork;

/**
 * Loads the {@link DemoNetwork} into a running service the way the source systems would: each system signs in at
 * Keycloak with its own client credentials and sends its records through the public GraphQL API
 * ({@code submitBatch}, up to 1,000 records per call). Prints per-step outcomes and, at the end, the record counts.
 * <pre>java -cp mdg-service.jar -Dloader.main=io.mdg.demo.DemoLoader org.springframework.boot.loader.launch.PropertiesLauncher
 *     [--service http://localhost:8080] [--keycloak http://localhost:8180] [--suppliers 500] [--items 20000]</pre>
 */
public final class DemoLoader {

    private static final String BATCH = """
            mutation Load($input: BatchInput!) {
              submitBatch(input: $input) { index type sourceId result { outcome goldenId errors { field code message } }
                                           error { field code message } }
            }""";
    private static final String COUNTS = "{ recordCounts { type status count } }";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String service;
    private final String keycloak;
    private final Map<SourceSystem, String> tokens = new EnumMap<>(SourceSystem.class);
    private final Map<SourceSystem, Long> tokenAt = new EnumMap<>(SourceSystem.class);

    public DemoLoader(String service, String keycloak) {
        this.service = service.replaceAll("/$", "");
        this.keycloak = keycloak.replaceAll("/$", "");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("service", "http://localhost:8080",
                "keycloak", "http://localhost:8180", "suppliers", "500", "items", "20000", "seed", "2026"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--") || !options.containsKey(args[i].substring(2))) {
                System.err.println("unknown option " + args[i] + "; known: " + options.keySet());
                System.exit(2);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        DemoLoader loader = new DemoLoader(options.get("service"), options.get("keycloak"));
        DemoNetwork network = new DemoNetwork(Long.parseLong(options.get("seed")),
                Integer.parseInt(options.get("suppliers")), Integer.parseInt(options.get("items")));
        boolean ok = loader.load(network.steps());
        System.exit(ok ? 0 : 1);
    }

    /** Sends every step; answers whether every record was accepted. */
    public boolean load(List<DemoNetwork.Step> steps) throws Exception {
        Map<String, Long> created = new TreeMap<>();
        long start = System.nanoTime();
        int total = 0;
        int problems = 0;
        for (DemoNetwork.Step step : steps) {
            long stepStart = System.nanoTime();
            Map<String, Integer> outcomes = new TreeMap<>();
            List<DemoNetwork.Submission> submissions = step.submissions();
            for (int from = 0; from < submissions.size(); from += 1000) {
                List<DemoNetwork.Submission> chunk = submissions.subList(from, Math.min(from + 1000, submissions.size()));
                JsonNode results = post(token(step.system()), BATCH, Map.of("input", DemoNetwork.batchInput(chunk)))
                        .path("data").path("submitBatch");
                for (JsonNode entry : results) {
                    String outcome = entry.path("result").path("outcome").asText("FAILED");
                    outcomes.merge(outcome, 1, Integer::sum);
                    if (outcome.equals("CREATED")) {
                        created.merge(entry.path("type").asText(), 1L, Long::sum);
                    }
                    if (outcome.equals("REJECTED") || outcome.equals("FAILED")) {
                        if (problems++ < 10) {
                            System.out.println("  ! " + entry.path("sourceId").asText() + ": "
                                    + (entry.path("error").isMissingNode() || entry.path("error").isNull()
                                    ? entry.path("result").path("errors") : entry.path("error")));
                        }
                    }
                }
            }
            total += submissions.size();
            System.out.printf("%-58s %6d records in %5.1f s  %s%n", step.name(), submissions.size(),
                    (System.nanoTime() - stepStart) / 1e9, outcomes);
        }
        System.out.printf("loaded %d submissions in %.1f s%n", total, (System.nanoTime() - start) / 1e9);
        printCounts(created);
        return problems == 0;
    }

    private void printCounts(Map<String, Long> created) throws Exception {
        // Counts come from the query side, which follows the events asynchronously: wait until it serves at least
        // the records this load created (at most two minutes).
        String token = analystToken();
        JsonNode counts = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            counts = post(token, COUNTS, Map.of()).path("data").path("recordCounts");
            boolean caughtUp = true;
            for (Map.Entry<String, Long> expected : created.entrySet()) {
                long served = 0;
                for (JsonNode count : counts) {
                    if (count.path("type").asText().equals(expected.getKey()) && count.path("status").isNull()) {
                        served = count.path("count").asLong();
                    }
                }
                caughtUp &= served >= expected.getValue();
            }
            if (caughtUp || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(500);
        }
        System.out.println("golden records now served by the query side (all / active):");
        Map<String, long[]> byType = new LinkedHashMap<>();
        for (JsonNode count : counts) {
            long[] row = byType.computeIfAbsent(count.path("type").asText(), t -> new long[2]);
            if (count.path("status").isNull() || count.path("status").isMissingNode()) {
                row[0] = count.path("count").asLong();
            } else if (count.path("status").asText().equals("ACTIVE")) {
                row[1] = count.path("count").asLong();
            }
        }
        byType.forEach((type, row) -> System.out.printf("  %-10s %7d / %7d%n", type, row[0], row[1]));
    }

    /** The counts are for analysts: the demo analyst signs in (password grant through the public CLI client). */
    private String analystToken() throws Exception {
        String form = "grant_type=password&client_id=mdg-cli&username=andy.analyst&password="
                + enc(System.getenv().getOrDefault("MDG_PASSWORD", "demo"));
        return requestToken(form, "andy.analyst");
    }

    private String requestToken(String form, String who) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(keycloak + "/realms/mdg/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused a token for " + who + ": " + response.body());
        }
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    private String token(SourceSystem system) throws Exception {
        Long at = tokenAt.get(system);
        if (at != null && System.nanoTime() - at < Duration.ofSeconds(60).toNanos()) {
            return tokens.get(system);
        }
        String client = system.name().toLowerCase().replace('_', '-');
        String form = "grant_type=client_credentials&client_id=" + enc(client) + "&client_secret=" + enc(client + "-secret");
        String token = requestToken(form, client);
        tokens.put(system, token);
        tokenAt.put(system, System.nanoTime());
        return token;
    }

    private JsonNode post(String token, String query, Map<String, Object> variables) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service + "/graphql"))
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json(Map.of("query", query, "variables", variables))))
                .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(response.body());
        if (response.statusCode() != 200 || answer.has("errors")) {
            throw new IllegalStateException("the service answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(2000, response.body().length())));
        }
        return answer;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
