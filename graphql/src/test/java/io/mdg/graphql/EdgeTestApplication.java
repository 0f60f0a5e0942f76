package io.mdg.graphql;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import io.mdg.rules.InForce;
import io.mdg.rules.access.AccessRules;
import io.mdg.rules.access.RequestLimits;
import io.mdg.rules.file.RulesFile;

/**
 * Boots the GraphQL edge alone, for slice tests; the gateways are mocked, the rules are those of
 * {@code mdg.rules.file} (the shipped file when not set), as the service reads them.
 */
@SpringBootApplication
public class EdgeTestApplication {

    @Bean
    RulesFile rulesFile(@Value("${mdg.rules.file:}") String file) {
        return RulesFile.load(file);
    }

    @Bean
    InForce<AccessRules> accessRules(RulesFile rulesFile) {
        return InForce.always(rulesFile.access());
    }

    @Bean
    InForce<RequestLimits> requestLimits(RulesFile rulesFile) {
        return InForce.always(rulesFile.limits());
    }
}
