package io.mdg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.mdg.app.ServiceHarness;
import io.mdg.demo.DemoLoader;
import io.mdg.demo.data.DemoNetwork;
import io.mdg.e2e.support.KeycloakServer;

/**
 * The demo load ({@code ./mdg start --demo}) at a small size: every source system signs in at the real Keycloak and
 * every record of the demo network is accepted through the public API, in order, with references by source ids.
 */
class DemoLoadIT {

    @Test
    void the_demo_network_loads_through_the_api_without_a_rejected_record() throws Exception {
        KeycloakServer keycloak = KeycloakServer.shared();
        Path dataDir = Files.createTempDirectory("mdg-e2e-demo");
        try (ServiceHarness service = ServiceHarness.start(dataDir, Map.of("mdg.security.issuer", keycloak.issuer()))) {
            DemoLoader loader = new DemoLoader("http://localhost:" + service.port(), keycloak.baseUrl());
            assertThat(loader.load(new DemoNetwork(7, 60, 600).steps())).isTrue();
        }
    }
}
