package io.mdg.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The same jar runs each role alone (as it would behind Axon Server): the process starts, is ready, and serves
 * the GraphQL API only where the edge runs.
 */
class RoleProfilesTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest(name = "profile {0} alone")
    @CsvSource({"edge, 401", "query, 403", "command, 403", "'command,query', 403"})
    void eachRoleStartsAlone(String profiles, int graphqlStatus, @TempDir Path dataDir) throws Exception {
        try (ServiceHarness service = ServiceHarness.start(dataDir, Map.of("spring.profiles.active", profiles))) {
            HttpResponse<String> readiness = get(service, "/actuator/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(200);
            assertThat(readiness.body()).contains("\"status\":\"UP\"");

            HttpResponse<String> graphql = http.send(HttpRequest.newBuilder(uri(service, "/graphql"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ __typename }\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(graphql.statusCode()).isEqualTo(graphqlStatus);
        }
    }

    private HttpResponse<String> get(ServiceHarness service, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(service, path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(ServiceHarness service, String path) {
        return URI.create("http://localhost:" + service.port() + path);
    }
}
