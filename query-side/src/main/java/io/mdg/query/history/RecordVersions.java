package io.mdg.query.history;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

import io.mdg.api.EntityType;
import io.mdg.api.record.RecordView;

/**
 * Every stored version of every golden record, for as-of reads ("what did this supplier record say on 1 March"):
 * the port of the record history. Two adapters pass the same contract tests: {@link PostgresRecordVersions} (a
 * table of the service's PostgreSQL, the embedded default) and {@link MongoRecordVersions} (a collection of the
 * MongoDB read store); {@code mdg.read-store} picks one.
 *
 * <p>What every adapter guarantees: a version is kept whole and encrypted ({@code io.mdg.query.crypto.SealedJson}:
 * it holds the record's values, bank details included); adding a version that is kept already changes nothing
 * (redelivered events); inside a processor's batch the versions of the batch are written together when it commits;
 * an as-of read costs a few indexed lookups whatever the number of versions.
 */
public interface RecordVersions {

    /** Keeps a version of a record: the record as it stood from {@code at} (its event's time) on. */
    void add(RecordView version, Instant at);

    /**
     * The version of a record in force at {@code asOf}: the one with the latest time at or before it (of those at
     * the same time, the highest version), among the versions up to {@code latestVersion}; empty when none.
     */
    Optional<RecordView> asOf(EntityType type, String recordId, Instant asOf, long latestVersion);

    /**
     * Exactly these versions of these records, those that are kept (a version not kept yet, or never made, is
     * missing from the answer): the change feeds read the versions their entries name, a page at a time.
     */
    Map<Key, RecordView> versions(Collection<Key> keys);

    /** A version of a record. */
    record Key(EntityType type, String recordId, long version) {
    }

    /** Removes every version (the history is rebuilt from the events). */
    void clear();
}
