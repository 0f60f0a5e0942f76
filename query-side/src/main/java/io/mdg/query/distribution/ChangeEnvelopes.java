package io.mdg.query.distribution;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.jackson.JsonFormat;

import io.mdg.rules.InForce;
import io.mdg.api.consumer.ChangeKind;
import io.mdg.api.consumer.ConsumerSettings;
import io.mdg.api.model.Attributes;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.RecordView;
import io.mdg.rules.access.AccessRules;
import io.mdg.rules.consumer.ConsumerAttributes;

/**
 * The one envelope every consumer receives, pulled or pushed: a CloudEvents 1.0 JSON object (structured mode).
 *
 * <pre>
 * {"specversion": "1.0", "id": "&lt;the change's id: the receiver's idempotency key&gt;",
 *  "source": "urn:mdg:golden-records", "type": "io.mdg.record.changed", "subject": "SUPPLIER/&lt;golden id&gt;",
 *  "time": "&lt;when the change was committed&gt;", "datacontenttype": "application/json",
 *  "correlationid": "...", "rulesversion": "...", "ruleshash": "&lt;SHA-256 of the rules' content&gt;",
 *  "recordversion": "7" (the SDK writes a long extension as a string),
 *  "data": {"recordType": "SUPPLIER", "recordId": "...", "version": 7, "kind": "CHANGED",
 *           "changedAttributes": ["legalName"], "survivorId": null, "mergedId": null,
 *           "record": {"status": "ACTIVE", "mergedInto": null, "createdAt": ..., "updatedAt": ...,
 *                      "attributes": {...}, "sourceRefs": [{"system": "ERP", "sourceId": "V-1", ...}]}}}
 * </pre>
 *
 * The record is the golden record at that version, cut to what the consumer receives: the attributes of its
 * subscribed attribute groups ({@link ConsumerAttributes}), a bank account masked unless the access
 * rules deliver bank accounts to its client ({@link AccessRules#deliversBankAccounts}); held changes and lineage
 * are not part of it. A removal carries no record. Extension attribute names are lower-case letters only, as
 * CloudEvents requires.
 */
public final class ChangeEnvelopes {

    static final URI SOURCE = URI.create("urn:mdg:golden-records");
    static final int RECENT = 4_000;

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final EventFormat FORMAT = new JsonFormat();

    private final InForce<ConsumerAttributes> attributes;
    private final InForce<AccessRules> access;
    /** The envelopes made most recently, by change and by what the consumer receives. */
    private final Map<String, byte[]> recent = new java.util.LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > RECENT;
        }
    };

    public ChangeEnvelopes(InForce<ConsumerAttributes> attributes, InForce<AccessRules> access) {
        this.attributes = attributes;
        this.access = access;
    }

    /**
     * An entry of a consumer's feed as it receives it; {@code record} null only for a removal. Consumers that receive
     * the same attributes with the same bank-account entitlement receive the same envelope for the same change (a
     * live change keeps its event's id in every feed): the envelopes made most recently are reused for them.
     */
    public byte[] envelope(FeedEntry entry, RecordView record, ConsumerSettings consumer) {
        Set<String> received = record == null ? Set.of()
                : attributes.now().received(consumer.subscription(), record.type());
        // the entitlement tells envelopes apart only where there is a bank account to show or mask
        boolean fullBankAccounts = access.now().deliversBankAccounts(consumer.clientId()) && record != null
                && record.attributes() instanceof SupplierAttributes supplier && supplier.bankAccount() != null
                && received.contains("bankAccount");
        String key = entry.id() + '|' + entry.kind() + '|' + entry.version() + '|' + fullBankAccounts + '|'
                + String.join(",", received) + '|' + entry.recordType().name() + '/' + entry.recordId() + '|';
        synchronized (recent) {
            byte[] made = recent.get(key);
            if (made != null) {
                return made;
            }
        }
        byte[] made = make(entry, record, received, fullBankAccounts);
        synchronized (recent) {
            recent.put(key, made);
        }
        return made;
    }

    /** Forgets the envelopes made of a record's entries (its contacts changed: they are made again when read). */
    void forgetRecord(io.mdg.api.EntityType type, String recordId) {
        String about = "|" + type.name() + "/" + recordId + "|";
        synchronized (recent) {
            recent.keySet().removeIf(key -> key.contains(about));
        }
    }

    private byte[] make(FeedEntry entry, RecordView record, Set<String> received, boolean fullBankAccounts) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("recordType", entry.recordType().name());
        data.put("recordId", entry.recordId());
        data.put("version", entry.version());
        data.put("kind", entry.kind().name());
        data.put("changedAttributes", entry.changed());
        data.put("survivorId", entry.survivorId());
        data.put("mergedId", entry.mergedId());
        if (entry.kind() != ChangeKind.REMOVED && record != null) {
            data.put("record", record(record, received, fullBankAccounts));
        }
        CloudEventBuilder event = CloudEventBuilder.v1()
                .withId(entry.id())
                .withSource(SOURCE)
                .withType(entry.kind().cloudEventType())
                .withSubject(entry.recordType().name() + "/" + entry.recordId())
                .withTime(entry.at().atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withData(json(data))
                .withExtension("recordversion", entry.version());
        if (entry.correlationId() != null) {
            event.withExtension("correlationid", entry.correlationId());
        }
        if (entry.rulesVersion() != null) {
            event.withExtension("rulesversion", entry.rulesVersion());
        }
        if (entry.rulesHash() != null) {
            event.withExtension("ruleshash", entry.rulesHash());
        }
        CloudEvent built = event.build();
        return FORMAT.serialize(built);
    }

    private static Map<String, Object> record(RecordView record, Set<String> received, boolean fullBankAccounts) {
        MasterAttributes values = Attributes.only(record.attributes(), received);
        if (values instanceof SupplierAttributes supplier && supplier.bankAccount() != null && !fullBankAccounts) {
            Map<String, Object> masked = new LinkedHashMap<>(Attributes.values(supplier));
            masked.put("bankAccount", supplier.bankAccount().masked());
            return recordFields(record, masked);
        }
        return recordFields(record, Attributes.values(values));
    }

    private static Map<String, Object> recordFields(RecordView record, Map<String, Object> attributes) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", record.status());
        fields.put("mergedInto", record.mergedInto());
        fields.put("createdAt", record.createdAt());
        fields.put("updatedAt", record.updatedAt());
        fields.put("attributes", attributes);
        fields.put("sourceRefs", record.sourceRefs() == null ? List.of() : record.sourceRefs());
        return fields;
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a change could not be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * One entry of a consumer's feed as stored (references only).
     *
     * @param version   the record's version the entry is about (for a removal: the version at which it left)
     * @param rulesHash the SHA-256 of the rules' content the change was decided by (null: not recorded)
     */
    public record FeedEntry(long seq, String id, io.mdg.api.EntityType recordType, String recordId, long version,
                            ChangeKind kind, List<String> changed, String survivorId, String mergedId,
                            String correlationId, String rulesVersion, Instant at, String rulesHash) {

        /** An entry whose rules hash was not recorded (those of the previous release). */
        public FeedEntry(long seq, String id, io.mdg.api.EntityType recordType, String recordId, long version,
                         ChangeKind kind, List<String> changed, String survivorId, String mergedId,
                         String correlationId, String rulesVersion, Instant at) {
            this(seq, id, recordType, recordId, version, kind, changed, survivorId, mergedId, correlationId,
                    rulesVersion, at, null);
        }
    }
}
