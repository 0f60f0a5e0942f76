package io.mdg.api.changerequest;

/** The states of a change request. Only PENDING is open; the others are final. */
public enum ChangeRequestStatus {
    PENDING,
    APPROVED,
    REJECTED,
    EXPIRED,
    WITHDRAWN
}
