package io.mdg.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * The {@code prod} profile of the shipped application.yml, as Spring Boot resolves it: GraphiQL and schema
 * introspection off (introspection only back on with MDG_GRAPHQL_INTROSPECTION), the development defaults on.
 */
class ProductionProfileTest {

    private static StandardEnvironment environment(String... profiles) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.setActiveProfiles(profiles);
        ConfigDataEnvironmentPostProcessor.applyTo(environment, new DefaultResourceLoader(), null, List.of(profiles));
        return environment;
    }

    @Test
    void production_turns_graphiql_and_introspection_off() {
        StandardEnvironment prod = environment("command", "query", "edge", "prod");
        assertThat(prod.getProperty("spring.graphql.graphiql.enabled")).isEqualTo("false");
        assertThat(prod.getProperty("spring.graphql.schema.introspection.enabled")).isEqualTo("false");
    }

    @Test
    void the_embedded_default_keeps_them_for_developers() {
        StandardEnvironment dev = environment("command", "query", "edge");
        assertThat(dev.getProperty("spring.graphql.graphiql.enabled")).isEqualTo("true");
        assertThat(dev.getProperty("spring.graphql.schema.introspection.enabled", "true")).isEqualTo("true");
    }
}
