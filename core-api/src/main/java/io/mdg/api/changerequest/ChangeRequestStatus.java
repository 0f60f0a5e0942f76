package io.mdg.api.changerequest;

/** The states of a change request. Only PENDING is open; the others are final. */
public enum ChangeRequestStatus {
    PENDING,
    APPROVED,
    REJECTED,
    EXPIRED,
    WITHDRAWN,
    /**
     * A newer submission superseded it (a later request for the same attributes, or the source stating another
     * value, its original one included). Stored before this state existed as WITHDRAWN with {@code supersededBy}.
     */
    SUPERSEDED
}
