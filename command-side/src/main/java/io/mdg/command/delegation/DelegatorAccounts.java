package io.mdg.command.delegation;

/**
 * Whether a delegator's account may still be decided for: asked by a change request each time a delegate decides for
 * them, so that a delegation ends with its delegator's account in the identity provider (disabled or deleted there),
 * not only when it is revoked or runs out. The command side's port; the service answers it from the identity provider
 * (Keycloak's admin API, as a service account that may only view users), with a few seconds' reuse of answers.
 */
public interface DelegatorAccounts {

    /** What the identity provider says about a person's account now. */
    enum Status {
        /** Enabled: the delegate may decide for them. */
        ACTIVE,
        /** Disabled or deleted: nobody decides for them any more. */
        INACTIVE,
        /** The identity provider could not be asked: the decision is refused (nothing changes, retrying is safe). */
        UNKNOWN
    }

    /** The state of {@code username}'s account now (or a few seconds ago). */
    Status status(String username);
}
