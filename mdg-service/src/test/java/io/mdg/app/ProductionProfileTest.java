package io.mdg.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * The {@code prod} profile of the shipped application.yml, as Spring Boot resolves it: GraphiQL off, schema
 * introspection for admins only (other roles with MDG_GRAPHQL_INTROSPECTION_ROLES), the development defaults on;
 * health details for admins in every profile. (ProductionProfileIT runs the profile against a production realm.)
 */
class ProductionProfileTest {

    private static StandardEnvironment environment(String... profiles) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.setActiveProfiles(profiles);
        ConfigDataEnvironmentPostProcessor.applyTo(environment, new DefaultResourceLoader(), null, List.of(profiles));
        return environment;
    }

    @Test
    void production_turns_graphiql_off_and_keeps_introspection_for_admins() {
        StandardEnvironment prod = environment("command", "query", "edge", "prod");
        assertThat(prod.getProperty("spring.graphql.graphiql.enabled")).isEqualTo("false");
        assertThat(prod.getProperty("mdg.security.introspection-roles")).isEqualTo("admin");
    }

    @Test
    void the_embedded_default_keeps_them_for_developers() {
        StandardEnvironment dev = environment("command", "query", "edge");
        assertThat(dev.getProperty("spring.graphql.graphiql.enabled")).isEqualTo("true");
        assertThat(dev.getProperty("mdg.security.introspection-roles")).isEqualTo("*");
    }

    @Test
    void health_details_are_for_admins_in_every_profile() {
        for (StandardEnvironment environment : List.of(environment("command", "query", "edge"),
                environment("command", "query", "edge", "prod"))) {
            assertThat(environment.getProperty("management.endpoint.health.show-details")).isEqualTo("when-authorized");
            assertThat(environment.getProperty("management.endpoint.health.roles")).isEqualTo("admin");
        }
    }
}
