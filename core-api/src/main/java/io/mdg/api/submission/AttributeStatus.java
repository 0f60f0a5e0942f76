package io.mdg.api.submission;

/** What happened to one submitted attribute. */
public enum AttributeStatus {
    APPLIED,
    UNCHANGED,
    NOT_SYSTEM_OF_RECORD,
    PENDING_APPROVAL,
    INVALID
}
