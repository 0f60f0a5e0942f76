package io.mdg.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.axonframework.springboot.EventProcessorProperties;
import org.axonframework.springboot.TokenStoreProperties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The build machines have no Docker engine, so this reads {@code docker-compose.yml} and checks its production shape
 * (PostgreSQL, MongoDB, Keycloak, the service in replicas behind a load balancer, images pinned to exact versions, no
 * default secrets) and that it agrees with the code: the service names and ports the service is pointed at, the
 * environment variables it reads, the load balancer's configuration and the realm file Keycloak imports. Nothing
 * here starts a container.
 */
class DockerComposeTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** The load balancer's service name in the compose file. */
    private static final String LOAD_BALANCER = "loadbalancer";

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
    void runs_postgres_mongodb_keycloak_the_service_and_a_load_balancer() {
        assertThat(services).containsOnlyKeys("postgres", "mongodb", "keycloak", "mdg", LOAD_BALANCER);
        assertThat(services.get("postgres").get("image").toString()).startsWith("postgres:");
        assertThat(services.get("mongodb").get("image").toString()).startsWith("mongo:");
        assertThat(services.get("keycloak").get("image").toString()).startsWith("quay.io/keycloak/keycloak:");
        assertThat(services.get(LOAD_BALANCER).get("image").toString()).startsWith("haproxy:");
        assertThat(services.get("mongodb").get("command").toString()).contains("--replSet");
        assertThat(services.get("mdg").get("build")).isNotNull();
        assertThat(Files.exists(ROOT.resolve("Dockerfile"))).isTrue();
    }

    /**
     * Every image is pinned to one release: no {@code latest}, no bare major ({@code postgres:18}) or minor line
     * ({@code mongo:7.0}). PostgreSQL numbers its releases major.minor (18.1), the others major.minor.patch.
     */
    @Test
    void every_image_is_pinned_to_an_exact_version() {
        Pattern threeParts = Pattern.compile("\\d+\\.\\d+\\.\\d+(-[A-Za-z0-9.]+)?");
        Pattern postgres = Pattern.compile("\\d+\\.\\d+(-[A-Za-z0-9.]+)?");
        services.forEach((name, service) -> {
            if (service.get("image") == null) {
                assertThat(service.get("build")).as("%s has neither an image nor a build", name).isNotNull();
                return;
            }
            String image = service.get("image").toString();
            int colon = image.lastIndexOf(':');
            assertThat(colon).as("%s's image %s names a tag", name, image).isGreaterThan(image.lastIndexOf('/'));
            String repository = image.substring(0, colon);
            String tag = image.substring(colon + 1);
            assertThat(tag).as("%s's image %s", name, image).isNotEqualTo("latest")
                    .matches(repository.equals("postgres") ? postgres : threeParts);
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_service_runs_in_replicas_reached_only_through_the_load_balancer() {
        Map<String, Object> mdg = services.get("mdg");
        Map<String, Object> deploy = (Map<String, Object>) mdg.get("deploy");
        assertThat(deploy).as("deploy.replicas").isNotNull();
        assertThat((Integer) deploy.get("replicas")).isGreaterThanOrEqualTo(2);
        // A published host port or a container name can be taken by one container only.
        assertThat(mdg).doesNotContainKeys("ports", "container_name");

        assertThat(ports(LOAD_BALANCER)).contains("8080:8080");
        assertThat(applicationYml).contains("port: ${SERVER_PORT:8080}");
        Map<String, Object> dependsOn = (Map<String, Object>) services.get(LOAD_BALANCER).get("depends_on");
        assertThat(dependsOn).containsKey("mdg");
    }

    /**
     * The load balancer's configuration is a file of this repository, mounted where the image reads it; it sends
     * requests to the service by its compose name and port, takes a replica out while its readiness probe fails, and
     * lets the GraphQL WebSocket (subscriptions) through at the path the service serves it.
     */
    @Test
    void the_load_balancer_checks_readiness_and_proxies_the_graphql_websocket() throws IOException {
        @SuppressWarnings("unchecked")
        List<String> volumes = (List<String>) services.get(LOAD_BALANCER).get("volumes");
        String configVolume = volumes.stream().filter(v -> v.contains("haproxy.cfg")).findFirst().orElseThrow();
        String[] parts = configVolume.split(":");
        Path config = ROOT.resolve(parts[0]).normalize();
        assertThat(config).as("the load balancer's configuration file").exists().startsWith(ROOT);
        assertThat(parts[1]).isEqualTo("/usr/local/etc/haproxy/haproxy.cfg");
        String cfg = Files.readString(config);

        int replicas = (Integer) ((Map<?, ?>) services.get("mdg").get("deploy")).get("replicas");
        Matcher servers = Pattern.compile("(?m)^\\s*server-template\\s+\\S+\\s+(\\d+)\\s+mdg:8080\\b").matcher(cfg);
        int backends = 0;
        while (servers.find()) {
            backends++;
            assertThat(Integer.parseInt(servers.group(1))).as("slots for the replicas").isGreaterThanOrEqualTo(replicas);
        }
        assertThat(backends).as("backends that name the service by its compose name and port").isGreaterThanOrEqualTo(1);
        // Docker's DNS answers the service name with every replica.
        assertThat(cfg).contains("127.0.0.11:53", "resolvers docker");

        // Readiness: the path the service answers 503 on while it starts, replays or stops.
        assertThat(cfg).contains("option httpchk", "uri /actuator/health/readiness", "http-check expect status 200");
        assertThat(applicationYml).contains("probes:\n        enabled: true");
        assertThat(Pattern.compile("(?m)^\\s*server-template.*$").matcher(cfg).results()
                .allMatch(line -> line.group().contains("mdg:8080"))).isTrue();
        assertThat(Pattern.compile("(?m)^\\s*default-server\\s.*\\bcheck\\b").matcher(cfg).results().count())
                .as("every backend checks its servers").isEqualTo(backends);

        // GraphQL subscriptions: a WebSocket upgrade at /graphql, kept open as a tunnel.
        assertThat(applicationYml).contains("websocket:\n      path: /graphql");
        assertThat(cfg).contains("path /graphql", "hdr(Upgrade) -i websocket", "hdr(Connection) -i -m sub upgrade",
                "timeout tunnel");
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
        // The event store is PostgreSQL: Axon Server is off (enabled by configuration elsewhere, not by this file).
        assertThat(mdgEnvironment).containsEntry("AXON_AXONSERVER_ENABLED", "false")
                .doesNotContainKey("AXON_AXONSERVER_SERVERS");
    }

    @Test
    void the_service_is_pointed_at_the_other_services_by_name_and_port() {
        URI postgres = URI.create(mdgEnvironment.get("MDG_POSTGRES_URL").substring("jdbc:".length()));
        assertThat(postgres.getHost()).isEqualTo("postgres");
        assertThat(postgres.getPort()).isEqualTo(5432);
        assertThat(services.get("postgres").get("command").toString()).contains("fsync=on", "synchronous_commit=on");

        URI mongo = URI.create(mdgEnvironment.get("MDG_MONGODB_URI"));
        assertThat(mongo.getHost()).isEqualTo("mongodb");
        assertThat(mongo.getPort()).isEqualTo(27017);
        assertThat(mongo.getQuery()).contains("replicaSet=rs0");
        assertThat(services.get("mongodb").get("command").toString()).contains("rs0");

        // The databases are published to the host's loopback only (operators' psql, mongosh), never to the network.
        assertThat(ports("postgres")).containsExactly("127.0.0.1:5432:5432");
        assertThat(ports("mongodb")).containsExactly("127.0.0.1:27017:27017");

        URI jwks = URI.create(mdgEnvironment.get("MDG_KEYCLOAK_JWKS_URI"));
        assertThat(jwks.getHost()).isEqualTo("keycloak");
        assertThat(services.get("keycloak").get("command").toString()).contains("--http-port=" + jwks.getPort());
        assertThat(ports("keycloak")).contains(jwks.getPort() + ":" + jwks.getPort());
    }

    /**
     * No secret has a default: passwords and the event keys come only from the environment, in the
     * {@code ${NAME:?message}} form (compose refuses to start when the variable is unset or empty).
     */
    @Test
    @SuppressWarnings("unchecked")
    void no_secret_has_a_default() {
        int secrets = 0;
        for (var service : services.entrySet()) {
            Object environment = service.getValue().get("environment");
            if (!(environment instanceof Map<?, ?> variables)) {
                continue;
            }
            for (var variable : ((Map<String, Object>) variables).entrySet()) {
                String name = variable.getKey();
                if (name.contains("PASSWORD") || name.contains("SECRET") || name.equals("MDG_EVENT_KEYS")
                        || name.equals("MDG_AUDIT_SIGNING_KEYS")) {
                    secrets++;
                    assertThat(String.valueOf(variable.getValue())).as("%s of %s", name, service.getKey())
                            .matches("\\$\\{[A-Z_]+:\\?[^}]+}");
                }
            }
        }
        assertThat(secrets).isGreaterThanOrEqualTo(4);
        assertThat(mdgEnvironment.get("MDG_POSTGRES_PASSWORD")).startsWith("${MDG_POSTGRES_PASSWORD:?");
        assertThat(mdgEnvironment.get("MDG_EVENT_KEYS")).as("every replica the same keys, given")
                .startsWith("${MDG_EVENT_KEYS:?");
        assertThat(mdgEnvironment.get("MDG_AUDIT_SIGNING_KEYS")).as("every replica the same checkpoint signing key")
                .startsWith("${MDG_AUDIT_SIGNING_KEYS:?");
    }

    /**
     * The settings that matter for several nodes, as the compose file sets them: the pools of all replicas fit in
     * PostgreSQL's max_connections (less its 3 reserved for superusers), and each shared processor has at least a
     * segment per thread of every replica.
     */
    @Test
    void the_replicas_fit_the_database_and_the_processors_segments() {
        int replicas = (Integer) ((Map<?, ?>) services.get("mdg").get("deploy")).get("replicas");
        Matcher maxConnections = Pattern.compile("max_connections=(\\d+)")
                .matcher(services.get("postgres").get("command").toString());
        assertThat(maxConnections.find()).as("PostgreSQL's max_connections, stated").isTrue();
        int pool = composeDefault("MDG_POSTGRES_POOL_SIZE");
        assertThat(replicas * pool).isLessThanOrEqualTo(Integer.parseInt(maxConnections.group(1)) - 3);

        for (String processor : List.of("GOLDEN_RECORDS", "AUDIT")) {
            int segments = composeDefault("MDG_" + processor + "_SEGMENTS");
            int threads = composeDefault("MDG_" + processor + "_THREADS");
            assertThat(segments).as("segments of %s", processor).isGreaterThanOrEqualTo(replicas * threads);
        }
        assertThat(mdgEnvironment.get("MDG_TOKEN_CLAIM_TIMEOUT")).isEqualTo("${MDG_TOKEN_CLAIM_TIMEOUT:-10s}");
    }

    /**
     * The variables reach Axon's own properties as Spring Boot binds them (axon.eventhandling.tokenstore and
     * axon.eventhandling.processors of application.yml); the outbox stays one segment and one thread whatever the
     * environment says.
     */
    @Test
    void the_variables_set_axon_s_processor_and_token_store_properties() throws IOException {
        Binder defaults = binder(Map.of());
        assertThat(defaults.bind("axon.eventhandling.tokenstore", TokenStoreProperties.class).get().getClaimTimeout())
                .isEqualTo(Duration.ofSeconds(10));
        var processors = defaults.bind("axon.eventhandling", EventProcessorProperties.class).get().getProcessors();
        assertThat(processors.get("golden-records").getInitialSegmentCount()).isEqualTo(2);
        assertThat(processors.get("audit-trail").getThreadCount()).isEqualTo(2);

        Binder set = binder(Map.of("MDG_TOKEN_CLAIM_TIMEOUT", "30s",
                "MDG_GOLDEN_RECORDS_SEGMENTS", "8", "MDG_GOLDEN_RECORDS_THREADS", "3",
                "MDG_AUDIT_SEGMENTS", "6", "MDG_AUDIT_THREADS", "1"));
        assertThat(set.bind("axon.eventhandling.tokenstore", TokenStoreProperties.class).get().getClaimTimeout())
                .isEqualTo(Duration.ofSeconds(30));
        processors = set.bind("axon.eventhandling", EventProcessorProperties.class).get().getProcessors();
        assertThat(processors.get("golden-records").getInitialSegmentCount()).isEqualTo(8);
        assertThat(processors.get("golden-records").getThreadCount()).isEqualTo(3);
        assertThat(processors.get("audit-trail").getInitialSegmentCount()).isEqualTo(6);
        assertThat(processors.get("audit-trail").getThreadCount()).isEqualTo(1);
        assertThat(processors.get("distribution-outbox").getInitialSegmentCount()).isEqualTo(1);
        assertThat(processors.get("distribution-outbox").getThreadCount()).isEqualTo(1);
        assertThat(applicationYml).contains(
                "distribution-outbox:\n        mode: pooled\n        source: processorEventSource\n"
                        + "        thread-count: 1\n        initial-segment-count: 1\n");
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

    /** The value compose gives a variable of the service when the environment does not: {@code ${NAME:-default}}. */
    private static int composeDefault(String name) {
        Matcher value = Pattern.compile("\\$\\{" + name + ":-(\\d+)}").matcher(String.valueOf(mdgEnvironment.get(name)));
        assertThat(value.matches()).as("%s in the form ${%s:-<number>}: %s", name, name, mdgEnvironment.get(name))
                .isTrue();
        return Integer.parseInt(value.group(1));
    }

    /** application.yml's first document as Spring Boot binds it, with these environment variables. */
    private static Binder binder(Map<String, Object> variables) throws IOException {
        List<PropertySource<?>> yaml = new YamlPropertySourceLoader().load("application.yml",
                new FileSystemResource(ROOT.resolve("mdg-service/src/main/resources/application.yml")));
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new MapPropertySource("variables", variables));
        environment.getPropertySources().addLast(yaml.get(0));
        return Binder.get(environment);
    }
}
