package io.mdg.api.delegation;

/** One delegation of approvals by id. Answers {@code Optional<DelegationView>}. */
public record FindDelegationQuery(String delegationId) {
}
