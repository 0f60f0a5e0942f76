package io.mdg.api.delegation;

import java.time.Instant;

/**
 * Delegations of approvals, newest first: those {@code involving} a person (as delegator or delegate; null: every
 * delegation), or only those granted to {@code delegate} (null: any), and with {@code active} true only those in
 * force at {@code at}, false only those not in force then (scheduled, expired or revoked), null all. Answers
 * {@code List<DelegationView>}.
 */
public record ListDelegationsQuery(String involving, String delegate, Boolean active, Instant at) {

    public ListDelegationsQuery {
        at = at == null ? Instant.now() : at;
    }
}
