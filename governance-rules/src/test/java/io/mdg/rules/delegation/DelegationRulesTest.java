package io.mdg.rules.delegation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.mdg.api.error.ErrorCode;
import io.mdg.rules.decision.Refusal;
import io.mdg.rules.file.RulesFile;
import io.mdg.rules.policy.RulesFileException;

/**
 * The delegation rules of the rules file: the approver roles of every type (escalation roles included) may be
 * delegated by their holders, to another person, for at most delegation.maxDays; a delegate decides only while
 * holding an approver role of their own.
 */
class DelegationRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private final DelegationRules rules = RulesFile.loadDefault().delegation();

    private static String shipped() throws Exception {
        try (InputStream in = RulesFile.class.getClassLoader().getResourceAsStream(RulesFile.DEFAULT_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void the_shipped_file_lets_every_approver_role_be_delegated_for_at_most_90_days() {
        assertThat(rules.maxDays()).isEqualTo(90);
        assertThat(rules.approverRoles()).contains("supplier-steward", "finance-controller", "item-steward",
                "contract-steward", "location-steward", "data-governance-lead").doesNotContain("analyst", "admin");
    }

    @Test
    void an_operators_file_sets_its_own_maximum_or_gets_the_shipped_one_and_a_bad_value_is_refused()
            throws Exception {
        String text = shipped();
        assertThat(RulesFile.parse(text.replace("  maxDays: 90", "  maxDays: 14"), "ops/rules.yaml").delegation()
                .maxDays()).isEqualTo(14);
        assertThat(RulesFile.parse(text.replace("delegation:\n  maxDays: 90\n", ""), "ops/rules.yaml").delegation()
                .maxDays()).isEqualTo(90);
        assertThatThrownBy(() -> RulesFile.parse(text.replace("  maxDays: 90", "  maxDays: 0"), "ops/rules.yaml"))
                .isInstanceOf(RulesFileException.class).hasMessageContaining("delegation.maxDays");
        assertThatThrownBy(() -> RulesFile.parse(text.replace("  maxDays: 90", "  maxDays: 9\n  chains: true"),
                "ops/rules.yaml")).isInstanceOf(RulesFileException.class).hasMessageContaining("delegation.chains");
    }

    @Test
    void a_holder_delegates_an_approver_role_to_another_person_within_the_maximum() {
        assertThat(rules.refusal("fay.finance", Set.of("finance-controller"), "finance-controller", "sue.supplier",
                null, NOW.plus(Duration.ofDays(90)), NOW, false)).isNull();
        assertThat(code(rules.refusal("fay.finance", Set.of("finance-controller"), "finance-controller",
                "sue.supplier", null, NOW.plus(Duration.ofDays(90)).plusSeconds(1), NOW, false)))
                .isEqualTo("PERIOD_TOO_LONG");
        assertThat(code(rules.refusal("fay.finance", Set.of("finance-controller"), "finance-controller",
                "Fay.Finance", null, NOW.plusSeconds(60), NOW, false))).isEqualTo("SELF_DELEGATION");
        assertThat(code(rules.refusal("fay.finance", Set.of("finance-controller"), "finance-controller",
                "sue supplier", null, NOW.plusSeconds(60), NOW, false))).isEqualTo("INVALID_DELEGATE");
        assertThat(code(rules.refusal("fay.finance", Set.of("finance-controller"), "finance-controller",
                "sue.supplier", null, NOW.minusSeconds(60), NOW, false))).isEqualTo("INVALID_PERIOD");
        assertThat(code(rules.refusal("fay.finance", Set.of("finance-controller"), "finance-controller",
                "sue.supplier", null, null, NOW, false))).isEqualTo("UNTIL_REQUIRED");
    }

    @Test
    void only_a_holder_of_the_role_delegates_it_and_a_delegate_never_delegates_further() {
        Refusal notHeld = rules.refusal("sue.supplier", Set.of("supplier-steward"), "finance-controller",
                "sam.supplier", null, NOW.plusSeconds(60), NOW, false);
        assertThat(notHeld.errorCode()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(notHeld.code()).isEqualTo("ROLE_NOT_HELD");
        assertThat(code(rules.refusal("sue.supplier", Set.of("supplier-steward"), "finance-controller",
                "sam.supplier", null, NOW.plusSeconds(60), NOW, true))).isEqualTo("NO_REDELEGATION");
        assertThat(code(rules.refusal("andy.analyst", Set.of("analyst"), "analyst", "sam.supplier", null,
                NOW.plusSeconds(60), NOW, false))).isEqualTo("ROLE_NOT_DELEGABLE");
    }

    @Test
    void a_delegate_must_hold_an_approver_role_of_their_own() {
        assertThat(rules.mayActAsDelegate(Set.of("supplier-steward"))).isTrue();
        assertThat(rules.mayActAsDelegate(Set.of("analyst", "auditor"))).isFalse();
        assertThat(rules.mayActAsDelegate(Set.of())).isFalse();
    }

    @Test
    void a_delegation_starts_at_its_start_or_at_once_when_that_is_past_or_not_given() {
        assertThat(DelegationRules.start(null, NOW)).isEqualTo(NOW);
        assertThat(DelegationRules.start(NOW.minusSeconds(5), NOW)).isEqualTo(NOW);
        assertThat(DelegationRules.start(NOW.plusSeconds(5), NOW)).isEqualTo(NOW.plusSeconds(5));
    }

    private static String code(Refusal refusal) {
        return refusal == null ? null : refusal.code();
    }
}
