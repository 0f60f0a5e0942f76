package io.mdg.api.delegation;

/** A command to one delegation of approvals, handled by the delegation itself: routed by {@link #delegationId()}. */
public interface DelegationCommand {

    /** The delegation the command is for. */
    String delegationId();
}
