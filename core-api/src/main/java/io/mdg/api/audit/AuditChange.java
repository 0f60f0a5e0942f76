package io.mdg.api.audit;

import io.mdg.api.submission.AttributeStatus;

/**
 * One attribute of an audit-trail entry. {@code before} and {@code after} are the values as compact JSON text (a
 * string in quotes, a number, an object such as a bank account, an array; dates as ISO strings), null when there
 * was no value or none is involved (e.g. a released hold names the attribute only). For a created record
 * {@code before} is null; for a refused attribute {@code after} is what the source sent and {@code before} null (the
 * record kept its value). {@code status}, {@code code} and {@code message} say what happened to the attribute where
 * that is not plain (NOT_SYSTEM_OF_RECORD, INVALID, PENDING_APPROVAL); null for a plain change.
 */
public record AuditChange(String attribute, String before, String after, AttributeStatus status, String code,
                          String message) {

    public static AuditChange of(String attribute, String before, String after) {
        return new AuditChange(attribute, before, after, null, null, null);
    }

    public AuditChange withValues(String before, String after) {
        return new AuditChange(attribute, before, after, status, code, message);
    }
}
