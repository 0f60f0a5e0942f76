package io.mdg.query.distribution;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import javax.sql.DataSource;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.consumer.ChangeKind;
import io.mdg.api.feed.ChangeMetaData;
import io.mdg.api.model.Attributes;
import io.mdg.api.record.ContactErasedEvent;
import io.mdg.api.record.LifecycleChangedEvent;
import io.mdg.api.record.RecordChangedEvent;
import io.mdg.api.record.RecordMergedEvent;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.api.record.SourceRecordLinkedEvent;
import io.mdg.api.record.SourceRecordsMovedEvent;
import io.mdg.query.tables.PendingRows;

/**
 * The outbox of golden-record changes that every consumer's feed is cut from: one row per change of a golden record
 * (created, approved values or cross-references changed, merged, deactivated, re-activated), in a table of the
 * service's PostgreSQL, whatever the read store.
 *
 * <pre>
 * mdg_change_outbox (position bigint identity: the order readers page by,
 *                    record_type, record_id, version (the record's version after the change, as in its history),
 *                    kind, changed (attribute names), survivor_id, merged_id (merges),
 *                    event_id, correlation_id, rules_version, rules_hash (the SHA-256 of the rules' content),
 *                    at (the event's time),
 *                    UNIQUE (record_type, record_id, version))
 * </pre>
 *
 * Written by its own processing group ({@value #GROUP}): ONE segment and persistent tokens (the service's
 * PostgreSQL), so exactly one thread writes it, one transaction after the other, together with the processor's
 * token. A reader that has read up to a position therefore never finds a row committed later below it (positions
 * grow in commit order; an insert that finds its version written already, after a retried batch, leaves a hole,
 * never a late row). The rows hold references only: the record itself at that version is read from its history
 * (encrypted there) when a consumer's entry is delivered, so no second copy of bank details is kept here.
 *
 * <p>A change held for approval, a released hold, is not golden and not in the outbox; the version it makes is
 * simply not delivered.
 */
@Component
@Profile("query")
@ProcessingGroup(ChangeOutbox.GROUP)
public class ChangeOutbox {

    /** The processing group: its settings (one segment, one thread) are in application.yml. */
    public static final String GROUP = "distribution-outbox";

    static final String TABLE = "mdg_change_outbox";

    private static final String SCHEMA = "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
            + "position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
            + "record_type text NOT NULL, "
            + "record_id text COLLATE \"C\" NOT NULL, "
            + "version bigint NOT NULL, "
            + "kind text NOT NULL, "
            + "changed text[] NOT NULL, "
            + "survivor_id text, "
            + "merged_id text, "
            + "event_id text NOT NULL, "
            + "correlation_id text, "
            + "rules_version text, "
            + "at timestamptz NOT NULL, "
            + "CONSTRAINT mdg_change_outbox_version UNIQUE (record_type, record_id, version))";
    /** Added after the first release: rows written before it have none. */
    private static final String RULES_HASH = "ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS rules_hash text";
    private static final String INSERT = "INSERT INTO " + TABLE + " (record_type, record_id, version, kind, changed, "
            + "survivor_id, merged_id, event_id, correlation_id, rules_version, at, rules_hash) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    /** One change as the outbox keeps it. */
    record Row(EntityType type, String recordId, long version, ChangeKind kind, List<String> changed,
               String survivorId, String mergedId, String eventId, String correlationId, String rulesVersion,
               Instant at, String rulesHash) {

        Row(EntityType type, String recordId, long version, ChangeKind kind, List<String> changed,
            String survivorId, String mergedId, String eventId, String correlationId, String rulesVersion,
            Instant at) {
            this(type, recordId, version, kind, changed, survivorId, mergedId, eventId, correlationId, rulesVersion,
                    at, null);
        }

        Row withRulesHash(String hash) {
            return new Row(type, recordId, version, kind, changed, survivorId, mergedId, eventId, correlationId,
                    rulesVersion, at, hash);
        }
    }

    private final JdbcTemplate jdbc;
    private final OutboxSignal signal;
    private final PendingRows<Row> pending = new PendingRows<>(this::write);

    public ChangeOutbox(DataSource dataSource, OutboxSignal signal) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.signal = signal;
        jdbc.execute(SCHEMA);
        jdbc.execute(RULES_HASH);
    }

    @EventHandler
    void on(RecordRegisteredEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MessageIdentifier String eventId, @MetaDataValue(ChangeMetaData.CORRELATION_ID) String correlationId,
            @MetaDataValue(ChangeMetaData.RULES_VERSION) String rulesVersion,
            @MetaDataValue(ChangeMetaData.RULES_HASH) String rulesHash) {
        List<String> present = event.attributes() == null ? List.of() : Attributes.names(event.type()).stream()
                .filter(name -> Attributes.value(event.attributes(), name) != null).toList();
        pending.add((new Row(event.type(), event.recordId(), sequence + 1, ChangeKind.CREATED, present, null, null,
                eventId, correlationId, rulesVersion, at)).withRulesHash(rulesHash));
    }

    @EventHandler
    void on(RecordChangedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MessageIdentifier String eventId, @MetaDataValue(ChangeMetaData.CORRELATION_ID) String correlationId,
            @MetaDataValue(ChangeMetaData.RULES_VERSION) String rulesVersion,
            @MetaDataValue(ChangeMetaData.RULES_HASH) String rulesHash) {
        List<String> known = Attributes.names(event.type());
        pending.add((new Row(event.type(), event.recordId(), sequence + 1, ChangeKind.CHANGED,
                event.attributes().stream().filter(known::contains).distinct().toList(), null, null, eventId,
                correlationId, rulesVersion, at)).withRulesHash(rulesHash));
    }

    /** A new cross-reference: the record's source records changed, none of its values. */
    @EventHandler
    void on(SourceRecordLinkedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MessageIdentifier String eventId, @MetaDataValue(ChangeMetaData.CORRELATION_ID) String correlationId,
            @MetaDataValue(ChangeMetaData.RULES_VERSION) String rulesVersion,
            @MetaDataValue(ChangeMetaData.RULES_HASH) String rulesHash) {
        pending.add((new Row(event.type(), event.recordId(), sequence + 1, ChangeKind.CHANGED, List.of(), null, null,
                eventId, correlationId, rulesVersion, at)).withRulesHash(rulesHash));
    }

    @EventHandler
    void on(LifecycleChangedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MessageIdentifier String eventId, @MetaDataValue(ChangeMetaData.CORRELATION_ID) String correlationId,
            @MetaDataValue(ChangeMetaData.RULES_VERSION) String rulesVersion,
            @MetaDataValue(ChangeMetaData.RULES_HASH) String rulesHash) {
        ChangeKind kind = event.to() == LifecycleStatus.ACTIVE ? ChangeKind.REACTIVATED : ChangeKind.DEACTIVATED;
        pending.add((new Row(event.type(), event.recordId(), sequence + 1, kind, List.of(), null, null, eventId,
                correlationId, rulesVersion, at)).withRulesHash(rulesHash));
    }

    /** A contact person's data were erased: the record's contacts changed. */
    @EventHandler
    void on(ContactErasedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MessageIdentifier String eventId, @MetaDataValue(ChangeMetaData.CORRELATION_ID) String correlationId,
            @MetaDataValue(ChangeMetaData.RULES_VERSION) String rulesVersion,
            @MetaDataValue(ChangeMetaData.RULES_HASH) String rulesHash) {
        pending.add((new Row(event.type(), event.recordId(), sequence + 1, ChangeKind.CHANGED, List.of("contacts"),
                null, null, eventId, correlationId, rulesVersion, at)).withRulesHash(rulesHash));
    }

    /** The merged record: retired, merged into the survivor. */
    @EventHandler
    void on(RecordMergedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MessageIdentifier String eventId, @MetaDataValue(ChangeMetaData.CORRELATION_ID) String correlationId,
            @MetaDataValue(ChangeMetaData.RULES_VERSION) String rulesVersion,
            @MetaDataValue(ChangeMetaData.RULES_HASH) String rulesHash) {
        pending.add(new Row(event.type(), event.recordId(), sequence + 1, ChangeKind.MERGED, List.of(),
                event.survivorId(), event.recordId(), eventId, correlationId, rulesVersion, at, rulesHash));
    }

    /** The survivor of a merge: it took over the merged record's source records. */
    @EventHandler
    void on(SourceRecordsMovedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MessageIdentifier String eventId, @MetaDataValue(ChangeMetaData.CORRELATION_ID) String correlationId,
            @MetaDataValue(ChangeMetaData.RULES_VERSION) String rulesVersion,
            @MetaDataValue(ChangeMetaData.RULES_HASH) String rulesHash) {
        pending.add(new Row(event.type(), event.recordId(), sequence + 1, ChangeKind.MERGED, List.of(),
                event.recordId(), event.mergedId(), eventId, correlationId, rulesVersion, at, rulesHash));
    }

    private void write(List<Row> rows) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(u -> signal.committed());
        } else {
            signal.committed();
        }
        jdbc.batchUpdate(INSERT, rows, rows.size(), (ps, row) -> {
            ps.setString(1, row.type().name());
            ps.setString(2, row.recordId());
            ps.setLong(3, row.version());
            ps.setString(4, row.kind().name());
            ps.setArray(5, ps.getConnection().createArrayOf("text", row.changed().toArray()));
            ps.setString(6, row.survivorId());
            ps.setString(7, row.mergedId());
            ps.setString(8, row.eventId());
            ps.setString(9, row.correlationId());
            ps.setString(10, row.rulesVersion());
            // to the microsecond, rounded down, as the record history keeps a version's time
            ps.setObject(11, OffsetDateTime.ofInstant(row.at().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
            ps.setString(12, row.rulesHash());
        });
    }
}
