package io.mdg.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The build machines have no Docker engine, so this reads {@code docker-compose.yml} and checks that it agrees with
 * the code: the service names and ports the service is pointed at, the environment variables it reads, and the
 * realm file Keycloak imports.
 */
class DockerComposeTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static Map<String, Map<String, Object>> services;
    private static Map<String, String> mdgEnvironment;
    private static String applicationYml;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        try (InputStream in = Files.newInputStream(ROOT.resolve("docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(in);
            services = (Map<String, Map<String, Object>>) compose.get("services");
        }
        mdgEnvironment = (Map<String, String>) services.get("mdg").get("environment");
        applicationYml = Files.readString(ROOT.resolve("mdg-service/src/main/resources/application.yml"));
    }

    @Test
    void runs_axon_server_mongodb_keycloak_and_the_service() {
        assertThat(services).containsKeys("axonserver", "postgres", "mongodb", "keycloak", "mdg");
        assertThat(services.get("postgres").get("image").toString()).startsWith("postgres:");
        assertThat(services.get("axonserver").get("image").toString()).startsWith("axoniq/axonserver");
        assertThat(services.get("keycloak").get("image").toString()).startsWith("quay.io/keycloak/keycloak");
        assertThat(services.get("mongodb").get("command").toString()).contains("--replSet");
        assertThat(services.get("mdg").get("build")).isNotNull();
        assertThat(Files.exists(ROOT.resolve("Dockerfile"))).isTrue();
    }

    /** The build's Keycloak (pom.xml's keycloak.version, which ./mdg and the tests run) is the one deployed. */
    @Test
    void keycloak_is_deployed_in_the_version_the_build_runs() throws IOException {
        Matcher version = Pattern.compile("<keycloak.version>([^<]+)</keycloak.version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(version.find()).as("pom.xml's keycloak.version").isTrue();
        assertThat(services.get("keycloak").get("image").toString()).isEqualTo("quay.io/keycloak/keycloak:" + version.group(1));
        Matcher named = Pattern.compile("(?i)keycloak[^0-9\n]{0,40}(\\d+\\.\\d+\\.\\d+)")
                .matcher(Files.readString(ROOT.resolve("README.md")));
        while (named.find()) {
            assertThat(named.group(1)).as("a Keycloak version README names").isEqualTo(version.group(1));
        }
    }

    @Test
    void every_variable_given_to_the_service_is_one_it_reads() {
        for (String name : mdgEnvironment.keySet()) {
            boolean placeholder = applicationYml.contains("${" + name + ":") || applicationYml.contains("${" + name + "}");
            boolean axonProperty = name.startsWith("AXON_AXONSERVER_")
                    && applicationYml.contains("axonserver:");
            boolean springOwn = name.equals("AXONIQ_UPDATE_CHECKER_DISABLED") || name.equals("SPRING_PROFILES_ACTIVE");
            assertThat(placeholder || axonProperty || springOwn)
                    .as("docker-compose gives the service %s, which it does not read", name).isTrue();
        }
        assertThat(mdgEnvironment).containsEntry("AXON_AXONSERVER_ENABLED", "true");
    }

    @Test
    void the_service_is_pointed_at_the_other_services_by_name_and_port() {
        assertThat(mdgEnvironment.get("AXON_AXONSERVER_SERVERS")).isEqualTo("axonserver:8124");
        assertThat(ports("axonserver")).contains("8124:8124");

        URI postgres = URI.create(mdgEnvironment.get("MDG_POSTGRES_URL").substring("jdbc:".length()));
        assertThat(postgres.getHost()).isEqualTo("postgres");
        assertThat(ports("postgres")).contains(postgres.getPort() + ":5432");
        assertThat(mdgEnvironment.get("MDG_POSTGRES_PASSWORD")).as("no default database password")
                .startsWith("${MDG_POSTGRES_PASSWORD:?");
        assertThat(services.get("postgres").get("command").toString()).contains("fsync=on", "synchronous_commit=on");

        URI mongo = URI.create(mdgEnvironment.get("MDG_MONGODB_URI"));
        assertThat(mongo.getHost()).isEqualTo("mongodb");
        assertThat(ports("mongodb")).contains(mongo.getPort() + ":27017");

        URI jwks = URI.create(mdgEnvironment.get("MDG_KEYCLOAK_JWKS_URI"));
        assertThat(jwks.getHost()).isEqualTo("keycloak");
        assertThat(services.get("keycloak").get("command").toString()).contains("--http-port=" + jwks.getPort());
        assertThat(ports("keycloak")).contains(jwks.getPort() + ":" + jwks.getPort());

        assertThat(ports("mdg")).contains("8080:8080");
        assertThat(applicationYml).contains("port: ${SERVER_PORT:8080}");
    }

    @Test
    void keycloak_imports_the_realm_the_service_trusts() throws IOException {
        @SuppressWarnings("unchecked")
        List<String> volumes = (List<String>) services.get("keycloak").get("volumes");
        String realmVolume = volumes.stream().filter(v -> v.contains("mdg-realm.json")).findFirst().orElseThrow();
        Path realmFile = ROOT.resolve(realmVolume.split(":")[0]).normalize();
        assertThat(realmFile).isEqualTo(ROOT.resolve("keycloak/mdg-realm-prod.json"));
        assertThat(realmVolume).contains("/opt/keycloak/data/import/");

        String realm = new ObjectMapper().readTree(realmFile.toFile()).path("realm").asText();
        Matcher issuerRealm = Pattern.compile("/realms/([^/]+)").matcher(mdgEnvironment.get("MDG_KEYCLOAK_ISSUER"));
        assertThat(issuerRealm.find()).isTrue();
        assertThat(issuerRealm.group(1)).isEqualTo(realm);
        assertThat(mdgEnvironment.get("MDG_KEYCLOAK_JWKS_URI")).contains("/realms/" + realm + "/");
        assertThat(URI.create(mdgEnvironment.get("MDG_KEYCLOAK_ISSUER")).getPort())
                .as("the issuer is the address clients fetch tokens from").isEqualTo(8180);
    }

    @Test
    @SuppressWarnings("unchecked")
    void keycloak_has_no_default_admin_password_and_runs_in_production_mode() {
        Map<String, Object> keycloak = services.get("keycloak");
        String password = String.valueOf(((Map<String, Object>) keycloak.get("environment"))
                .get("KC_BOOTSTRAP_ADMIN_PASSWORD"));
        // ${NAME:?message}: compose refuses to start when the variable is unset or empty; no default value.
        assertThat(password).as("the admin password comes only from the environment")
                .matches("\\$\\{KC_BOOTSTRAP_ADMIN_PASSWORD:\\?[^}]+}");
        List<String> command = (List<String>) keycloak.get("command");
        assertThat(command.get(0)).isEqualTo("start");
        assertThat(command).doesNotContain("start-dev");
    }

    @Test
    void the_service_runs_the_production_profile() {
        assertThat(List.of(mdgEnvironment.get("SPRING_PROFILES_ACTIVE").split(",")))
                .containsExactlyInAnyOrder("command", "query", "edge", "prod");
    }

    @SuppressWarnings("unchecked")
    private static List<String> ports(String service) {
        return (List<String>) services.get(service).get("ports");
    }
}
