package io.mdg.app;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import io.mdg.api.Actor;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.changerequest.ApproveChangeRequestCommand;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.FindRecordQuery;
import io.mdg.api.record.RecordChangedEvent;
import io.mdg.api.record.RecordView;
import io.mdg.api.record.SubmitRecordCommand;
import io.mdg.app.crypto.FieldEncryption;

/**
 * Bank account numbers never reach the event store in clear: they are stored encrypted, read back in clear by the
 * projections (also after a restart that rebuilds the read models), and unreadable without the key.
 */
class EventEncryptionTest {

    private static final BankAccount ACCOUNT = new BankAccount("Acme", "First Bank", "021000021", "9876543210",
            "DE89370400440532013000", "USD");

    @TempDir
    Path dataDir;

    @Test
    void bank_account_numbers_are_encrypted_in_the_event_store_and_clear_in_the_golden_record() throws Exception {
        String id;
        try (ServiceHarness service = ServiceHarness.start(dataDir, Map.of())) {
            CommandGateway commands = service.bean(CommandGateway.class);
            io.mdg.api.submission.SubmissionResult created = commands.sendAndWait(
                    new SubmitRecordCommand(new SourceRef(SourceSystem.ERP, "ENC-1", 1L),
                            new SupplierAttributes("Acme Medical Inc.", null, null, null, null, null, null, ACCOUNT,
                                    null, null), Actor.client("erp")));
            id = created.goldenId();
            // a new supplier's bank account joins the record after the banking approval steps (check, then release)
            commands.sendAndWait(new ApproveChangeRequestCommand(created.changeRequestId(), "ok", "call-back",
                    Actor.user("sam.supplier"), Set.of("supplier-steward")));
            commands.sendAndWait(new ApproveChangeRequestCommand(created.changeRequestId(), "ok", null,
                    Actor.user("fay.finance"), Set.of("finance-controller")));
            assertThat(bankAccount(service, id)).isEqualTo(ACCOUNT);

            List<byte[]> payloads = service.bean(JdbcTemplate.class).queryForList(
                    "SELECT payload FROM DomainEventEntry", byte[].class);
            String stored = payloads.stream().map(p -> new String(p, StandardCharsets.UTF_8))
                    .reduce("", String::concat);
            assertThat(stored).contains("Acme Medical Inc.", "First Bank", "enc:v1:")
                    .doesNotContain("9876543210", "021000021", "DE89370400440532013000");
            RecordChangedEvent event = service.bean(EventStore.class).readEvents(id).asStream()
                    .map(m -> m.getPayload()).filter(RecordChangedEvent.class::isInstance)
                    .map(RecordChangedEvent.class::cast).findFirst().orElseThrow();
            assertThat(((SupplierAttributes) event.values()).bankAccount()).isEqualTo(ACCOUNT);
        }
        assertThat(Files.readString(dataDir.resolve("event-keys"))).startsWith("k");

        // a restart rebuilds the in-memory read models from the encrypted events
        try (ServiceHarness service = ServiceHarness.start(dataDir, Map.of())) {
            assertThat(bankAccount(service, id)).isEqualTo(ACCOUNT);
        }
    }

    @Test
    void a_node_sharing_an_external_event_store_refuses_to_start_without_the_shared_key_ring() {
        assertThatThrownBy(() -> new io.mdg.app.crypto.EventEncryptionConfiguration().eventFieldEncryption("",
                dataDir.toString(), false, "jdbc:postgresql://db.example:5432/mdg"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("MDG_EVENT_KEYS")
                .hasMessageContaining("MDG_POSTGRES_URL");
        assertThat(dataDir.resolve("event-keys")).as("no key of its own generated").doesNotExist();
    }

    @Test
    void a_value_is_unreadable_without_its_key_and_keys_rotate() {
        FieldEncryption old = FieldEncryption.parse(FieldEncryption.newKey("k1"));
        String sealed = old.encrypt("9876543210");
        assertThat(sealed).startsWith("enc:v1:k1:").doesNotContain("9876543210");
        assertThat(old.encrypt("9876543210")).as("a fresh nonce per value").isNotEqualTo(sealed);
        assertThat(old.decrypt(sealed)).isEqualTo("9876543210");
        assertThat(old.decrypt("plain, written before encryption")).isEqualTo("plain, written before encryption");

        FieldEncryption other = FieldEncryption.parse(FieldEncryption.newKey("k1"));
        assertThatThrownBy(() -> other.decrypt(sealed)).isInstanceOf(IllegalStateException.class);
        String oldKey = FieldEncryption.newKey("k1");
        FieldEncryption before = FieldEncryption.parse(oldKey);
        FieldEncryption rotated = FieldEncryption.parse(FieldEncryption.newKey("k2") + "," + oldKey);
        assertThat(rotated.decrypt(before.encrypt("x"))).isEqualTo("x");
        assertThat(rotated.encrypt("x")).startsWith("enc:v1:k2:");
        String tampered = sealed.substring(0, sealed.length() - 4) + "AAA=";
        assertThatThrownBy(() -> old.decrypt(tampered)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void the_read_models_bytes_are_sealed_with_the_same_ring_unreadable_without_its_key_and_keys_rotate() {
        String oldKey = FieldEncryption.newKey("k1");
        FieldEncryption before = FieldEncryption.parse(oldKey);
        byte[] plain = "{\"accountNumber\":\"9876543210\"}".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = before.encrypt(plain);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("9876543210");
        assertThat(before.encrypt(plain)).as("a fresh nonce per value").isNotEqualTo(sealed);
        assertThat(before.decrypt(sealed)).isEqualTo(plain);

        FieldEncryption rotated = FieldEncryption.parse(FieldEncryption.newKey("k2") + "," + oldKey);
        assertThat(rotated.decrypt(sealed)).isEqualTo(plain);
        byte[] newer = rotated.encrypt(plain);
        assertThatThrownBy(() -> before.decrypt(newer)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no key 'k2'");
        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> before.decrypt(tampered)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> before.decrypt(plain)).isInstanceOf(IllegalStateException.class);
    }

    private static BankAccount bankAccount(ServiceHarness service, String id) throws Exception {
        Optional<RecordView> view = eventually(() -> service.bean(QueryGateway.class).query(
                new FindRecordQuery(null, id), ResponseTypes.optionalInstanceOf(RecordView.class)).get(),
                v -> v.isPresent() && ((SupplierAttributes) v.get().attributes()).bankAccount() != null,
                Duration.ofSeconds(30));
        return ((SupplierAttributes) view.orElseThrow().attributes()).bankAccount();
    }
}
