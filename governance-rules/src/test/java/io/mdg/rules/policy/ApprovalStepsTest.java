package io.mdg.rules.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.mdg.api.ApprovalStep;

/** How the approval steps of the groups a request touches combine into the request's steps. */
class ApprovalStepsTest {

    private static final ApprovalStep STEWARD = new ApprovalStep("supplier-steward", 1);
    private static final ApprovalStep TWO_STEWARDS = new ApprovalStep("supplier-steward", 2);
    private static final ApprovalStep FINANCE = new ApprovalStep("finance-controller", 1);
    private static final ApprovalStep COMPLIANCE = new ApprovalStep("compliance-officer", 1);

    @Test
    void one_groups_steps_are_the_requests_steps() {
        assertThat(ApprovalSteps.combine(List.of(List.of(STEWARD, FINANCE)))).containsExactly(STEWARD, FINANCE);
    }

    @Test
    void a_role_asked_by_several_groups_is_one_step_with_the_largest_number() {
        assertThat(ApprovalSteps.combine(List.of(List.of(TWO_STEWARDS), List.of(STEWARD, FINANCE))))
                .containsExactly(TWO_STEWARDS, FINANCE);
        assertThat(ApprovalSteps.combine(List.of(List.of(STEWARD), List.of(STEWARD))))
                .containsExactly(STEWARD);
    }

    @Test
    void every_groups_order_is_kept_even_when_a_later_group_names_the_first_role() {
        // legal identity asks finance alone; banking asks the steward before finance: the steward still comes first
        assertThat(ApprovalSteps.combine(List.of(List.of(FINANCE), List.of(STEWARD, FINANCE))))
                .containsExactly(STEWARD, FINANCE);
        assertThat(ApprovalSteps.combine(List.of(List.of(STEWARD, FINANCE), List.of(STEWARD, COMPLIANCE))))
                .containsExactly(STEWARD, FINANCE, COMPLIANCE);
        assertThat(ApprovalSteps.combine(List.of(List.of(STEWARD, COMPLIANCE), List.of(COMPLIANCE, FINANCE))))
                .containsExactly(STEWARD, COMPLIANCE, FINANCE);
    }

    @Test
    void nothing_asked_combines_to_no_steps() {
        assertThat(ApprovalSteps.combine(List.of())).isEmpty();
        assertThat(ApprovalSteps.combine(List.of(List.of()))).isEmpty();
    }

    @Test
    void roles_ordered_both_ways_cannot_be_combined() {
        List<List<ApprovalStep>> both = List.of(List.of(STEWARD, FINANCE), List.of(FINANCE, STEWARD));

        assertThat(ApprovalSteps.conflict(both)).hasValueSatisfying(why -> assertThat(why)
                .startsWith("the approval steps order roles both ways"));
        assertThatThrownBy(() -> ApprovalSteps.combine(both)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ApprovalSteps.conflict(List.of(List.of(STEWARD, FINANCE), List.of(FINANCE)))).isEmpty();
    }

    @Test
    void a_step_needs_a_role_and_at_least_one_approval() {
        assertThatThrownBy(() -> new ApprovalStep(" ", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ApprovalStep("finance-controller", 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ApprovalStep.total(List.of(TWO_STEWARDS, FINANCE))).isEqualTo(3);
    }
}
