package io.mdg.query.duplicates;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import io.mdg.rules.file.RulesFile;
import io.mdg.rules.similarity.MatchingRules;

/**
 * The matching rules of the rules file ({@code mdg.rules.file}, env {@code MDG_RULES_FILE}, or the default shipped
 * with the product), which the query side scores duplicate candidates by; the command side reads the governance
 * policy of the same file. A malformed file stops start-up with a message that names the file and the problem.
 */
@Configuration(proxyBeanMethods = false)
@Profile("query")
public class MatchingRulesConfiguration {

    @Bean
    public MatchingRules matchingRules(@Value("${mdg.rules.file:}") String file) {
        return RulesFile.load(file).matching();
    }
}
