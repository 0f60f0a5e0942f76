package io.mdg.graphql.audit;

import java.util.List;

import org.springframework.security.core.Authentication;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.api.audit.AuditChange;
import io.mdg.api.audit.AuditEntry;
import io.mdg.api.model.BankAccount;
import io.mdg.graphql.security.Caller;
import io.mdg.graphql.security.Access;
import io.mdg.graphql.security.SensitiveReads;

/**
 * What a caller may see of audit-trail entries, the same rules as on golden records and change requests (the rules
 * file's access rules, {@link Access}): bank account values (before and after) are masked with
 * {@link BankAccount#masked()} unless the caller may see bank accounts; an approver's verification note is shown only
 * to those who see the notes of the record's domain. Used by the GraphQL fields and by the CSV export alike, and masking when in doubt (no or an
 * unreadable authentication).
 */
final class AuditMasking {

    static final String BANK_ACCOUNT = "bankAccount";

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final boolean fullBankAccounts;
    private final Caller caller;
    private final Access access;
    private final SensitiveReads reads;

    private AuditMasking(Caller caller, Access access, SensitiveReads reads) {
        this.caller = caller;
        this.access = access;
        this.reads = reads;
        this.fullBankAccounts = access.seesBankAccounts(caller);
    }

    /** The masking for the caller; the entries it shows with bank accounts in full are logged in {@code reads}. */
    static AuditMasking of(Authentication authentication, Access access, SensitiveReads reads) {
        Caller caller;
        try {
            caller = authentication == null ? null : Caller.from(authentication);
        } catch (RuntimeException e) {
            caller = null;
        }
        return new AuditMasking(caller, access, reads);
    }

    AuditEntry apply(AuditEntry entry) {
        boolean notes = access.seesNotes(caller, entry.recordType());
        if (fullBankAccounts && entry.changes().stream().anyMatch(c -> BANK_ACCOUNT.equals(c.attribute())
                && (c.before() != null || c.after() != null))) {
            reads.shown(caller, entry.recordType(), entry.recordId(), "auditTrail.bankAccount");
        }
        List<AuditChange> changes = fullBankAccounts ? entry.changes()
                : entry.changes().stream().map(c -> BANK_ACCOUNT.equals(c.attribute())
                ? c.withValues(masked(c.before()), masked(c.after())) : c).toList();
        return new AuditEntry(entry.id(), entry.at(), entry.action(), entry.recordType(), entry.recordId(), changes,
                entry.actor(), entry.source(), entry.changeRequestId(), entry.approvals(), entry.correlationId(),
                entry.comment(), notes ? entry.verificationNote() : null, entry.errors(), entry.onBehalfOf(),
                entry.rulesVersion(), entry.rulesHash());
    }

    /** A bank account's JSON with its numbers masked; a value that cannot be read is hidden entirely. */
    static String masked(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(JSON.readValue(json, BankAccount.class).masked());
        } catch (JsonProcessingException | RuntimeException e) {
            return "\"***\"";
        }
    }
}
