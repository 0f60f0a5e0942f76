package io.mdg.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.mdg.api.audit.AuditAction;
import io.mdg.api.audit.AuditEntry;
import io.mdg.query.crypto.ReadModelCipher;
import io.mdg.query.crypto.SealedJson;

/**
 * Audit entries are kept forever: one stored before entries named the rules they were decided by still reads, with
 * no rules version and hash, and a new one keeps both.
 */
class AuditEntryCompatibilityTest {

    private static final ReadModelCipher PLAIN = new ReadModelCipher() {
        @Override
        public byte[] encrypt(byte[] plain) {
            return plain;
        }

        @Override
        public byte[] decrypt(byte[] sealed) {
            return sealed;
        }
    };

    private final SealedJson<AuditEntry> codec = new SealedJson<>(AuditEntry.class, PLAIN);

    @Test
    void an_entry_stored_before_the_rules_were_recorded_reads_with_no_rules_version_or_hash() {
        // as the previous release stored it (SealedJson, instants as nanosecond timestamps)
        String previous = """
                {"id":"e-1#0","at":1764547200.000000000,"action":"SUBMISSION_APPLIED","recordType":"SUPPLIER",
                 "recordId":"s-1","changes":[],"actor":{"type":"CLIENT","name":"erp"},
                 "source":null,"changeRequestId":null,"approvals":null,"correlationId":"c-1","comment":null,
                 "verificationNote":null,"errors":[]}""";
        AuditEntry entry = codec.open(previous.getBytes(StandardCharsets.UTF_8));
        assertThat(entry.action()).isEqualTo(AuditAction.SUBMISSION_APPLIED);
        assertThat(entry.at()).isEqualTo(Instant.parse("2025-12-01T00:00:00Z"));
        assertThat(entry.rulesVersion()).isNull();
        assertThat(entry.rulesHash()).isNull();
    }

    @Test
    void an_entry_keeps_the_rules_version_and_hash_it_was_decided_by() {
        AuditEntry entry = new AuditEntry("e-2#0", Instant.parse("2026-12-01T00:00:00Z"), AuditAction.MERGED, null,
                "s-1", null, null, null, null, null, null, null, null, null, null, "2026-12-07.3", "ab12");
        AuditEntry read = codec.open(codec.seal(entry));
        assertThat(read.rulesVersion()).isEqualTo("2026-12-07.3");
        assertThat(read.rulesHash()).isEqualTo("ab12");
    }
}
