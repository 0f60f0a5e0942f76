package io.mdg.query;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import io.mdg.rules.file.RulesFile;
import io.mdg.rules.quality.CompletenessRules;
import io.mdg.rules.similarity.MatchingRules;

/**
 * The rules of the rules file ({@code mdg.rules.file}, env {@code MDG_RULES_FILE}, or the default shipped with the
 * product) that the query side scores by: the duplicate threshold and what an item needs to be complete. The command
 * side reads the governance policy of the same file. A malformed file stops start-up with a message that names the
 * file and the problem.
 */
@Configuration(proxyBeanMethods = false)
@Profile("query")
public class RulesFileConfiguration {

    @Bean
    public RulesFile queryRulesFile(@Value("${mdg.rules.file:}") String file) {
        return RulesFile.load(file);
    }

    @Bean
    public MatchingRules matchingRules(RulesFile queryRulesFile) {
        return queryRulesFile.matching();
    }

    @Bean
    public CompletenessRules completenessRules(RulesFile queryRulesFile) {
        return queryRulesFile.completeness();
    }
}
