package io.mdg.rules.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.mdg.rules.file.RulesFile;
import io.mdg.rules.policy.RulesFileException;

class ScreeningRulesFileTest {

    private static final String SHIPPED_SECTION = """
            screening:
              nameMinScore: 0.88
              nameAloneMinScore: 0.99
              freshDays: 35
              minScreenedShare: 0.95
            """;

    static String shipped() throws IOException {
        try (InputStream in = RulesFile.class.getClassLoader().getResourceAsStream(RulesFile.DEFAULT_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void the_shipped_file_names_the_screening_thresholds_and_freshness() throws IOException {
        assertThat(shipped()).contains(SHIPPED_SECTION);
        assertThat(RulesFile.loadDefault().screening()).isEqualTo(new ScreeningRules(0.88, 0.99, 35, 0.95));
    }

    @Test
    void an_operators_file_may_change_some_values_and_gets_the_shipped_ones_for_the_rest() throws IOException {
        String own = shipped().replace(SHIPPED_SECTION, "screening:\n  freshDays: 7\n");
        assertThat(RulesFile.parse(own, "ops/rules.yaml").screening())
                .isEqualTo(new ScreeningRules(0.88, 0.99, 7, 0.95));
        String none = shipped().replace(SHIPPED_SECTION, "");
        assertThat(RulesFile.parse(none, "ops/rules.yaml").screening()).isEqualTo(RulesFile.loadDefault().screening());
    }

    @Test
    void out_of_range_values_are_refused_naming_each() throws IOException {
        String bad = shipped().replace(SHIPPED_SECTION, """
                screening:
                  nameMinScore: 1.5
                  freshDays: 0
                  minScreenedShare: lots
                  colour: red
                """);
        RulesFileException e = catchThrowableOfType(RulesFileException.class,
                () -> RulesFile.parse(bad, "ops/rules.yaml"));
        assertThat(e.problems()).contains(
                "screening.nameMinScore: must be a number above 0 to 1, not '1.5'",
                "screening.freshDays: must be a whole number of days from 1 to 3660, not '0'",
                "screening.minScreenedShare: must be a number from 0 to 1, not 'lots'");
        assertThat(e.problems()).anyMatch(p -> p.contains("colour"));
        String inverted = shipped().replace(SHIPPED_SECTION, "screening:\n  nameMinScore: 0.9\n  nameAloneMinScore: 0.8\n");
        assertThat(catchThrowableOfType(RulesFileException.class, () -> RulesFile.parse(inverted, "ops/rules.yaml"))
                .problems()).containsExactly("screening.nameAloneMinScore: must be at least nameMinScore (0.9), not 0.8");
    }
}
