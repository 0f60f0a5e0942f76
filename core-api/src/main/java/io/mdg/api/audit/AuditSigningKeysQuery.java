package io.mdg.api.audit;

/** The public keys that verify the audit checkpoints' signatures: a list of {@link AuditSigningKey}. */
public record AuditSigningKeysQuery() {
}
