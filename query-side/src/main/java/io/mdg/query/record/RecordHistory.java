package io.mdg.query.record;

import static io.mdg.query.record.MongoRecordDocuments.ID;
import static io.mdg.query.record.MongoRecordDocuments.instant;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;

import io.mdg.api.EntityType;
import io.mdg.api.record.FindRecordAsOfQuery;
import io.mdg.api.record.RecordView;
import io.mdg.query.store.BatchedWrites;
import io.mdg.query.store.Blobs;

/**
 * Every stored version of every golden record, for as-of reads ("what did this supplier record say on 1 March").
 *
 * <p>Collection {@code record_versions}, one document per version, written as the {@link RecordProjection} stores
 * it ({@link RecordStoredListener}):
 *
 * <pre>
 * { _id: "SUPPLIER:s-1:0000000042" (type, record id, sequence number zero-padded), at (the event's time),
 *   record: BSON binary of the record document exactly as stored, see {@link MongoRecordDocuments} }
 * </pre>
 *
 * The record is kept as one binary value ({@link Blobs}): versions are only read whole, by {@code _id}, and the store
 * handles a byte array far more cheaply than the record's tree of fields. (Versions written as fields by earlier
 * releases are still read.) A redelivered version is written again under the same {@code _id} with the same content (upsert): idempotent.
 * The collection is dropped when the read models are rebuilt. Only approved state is ever in a version: a held
 * change appears in {@code pendingChanges} without its values, as in the record itself.
 *
 * <p><b>As-of lookup without scans.</b> mongo-java-server serves only {@code _id} equality and {@code $in} from an
 * index (a range or a sort on {@code _id} scans the whole collection, every version of every record), so the lookup
 * uses nothing else. The current record answers directly when it has not changed since the instant. Otherwise the
 * version in force is the last one at or before the instant, between the first version and the current one: a
 * search that asks, in one {@code $in} round trip, for the times of up to {@value #PROBES} evenly spread sequence
 * numbers of the remaining interval (just the {@code at} field), keeps the part between the last one at or before
 * the instant and the first one after it, and reads that whole part once it has at most {@value #PROBES} numbers;
 * then the chosen version is read. A record with 500 versions costs four round trips (current record, one probe,
 * the last interval, the version). Sequence numbers without a version (an event that does not change the record)
 * are simply not found, so the search does not rely on them being contiguous.
 */
@Component
@Profile("query")
public class RecordHistory implements RecordStoredListener {

    /** The collection of record versions. */
    public static final String COLLECTION = "record_versions";
    /** Sequence numbers asked for in one round trip of the as-of search. */
    static final int PROBES = 32;

    static final String AT = "at";
    static final String RECORD = "record";

    private final RecordReadModel store;
    private final MongoCollection<Document> versions;

    public RecordHistory(RecordReadModel store, MongoDatabase readStoreDatabase) {
        this.store = store;
        this.versions = readStoreDatabase.getCollection(COLLECTION);
    }

    @Override
    public void stored(EntityType type, RecordView stored, Object event, long sequence, Instant at) {
        String key = key(type, stored.id(), sequence);
        Document version = new Document(ID, key).append(AT, Date.from(at))
                .append(RECORD, Blobs.encode(MongoRecordDocuments.toDocument(stored)));
        BatchedWrites.replace(versions, version);
    }

    @Override
    public void reset() {
        versions.drop();
    }

    @QueryHandler
    public Optional<RecordView> handle(FindRecordAsOfQuery query) {
        if (query.recordId() == null || query.asOf() == null) {
            return Optional.empty();
        }
        return store.find(query.type(), query.recordId()).flatMap(current -> asOf(current.type(), current,
                query.asOf()));
    }

    /** The version of the record in force at {@code asOf}; empty before it was created. */
    public Optional<RecordView> asOf(EntityType type, String recordId, Instant asOf) {
        return store.find(type, recordId).flatMap(current -> asOf(type, current, asOf));
    }

    private Optional<RecordView> asOf(EntityType type, RecordView current, Instant asOf) {
        if (current.createdAt().isAfter(asOf)) {
            return Optional.empty();
        }
        if (!current.updatedAt().isAfter(asOf)) {
            return Optional.of(current);
        }
        String recordId = current.id();
        long before = -1; // the last sequence number known to be in force at asOf (-1: none found yet)
        long after = current.version() - 1; // the first one known to come after asOf
        boolean exhaustive = false;
        while (after - before > 1) {
            boolean whole = exhaustive || after - before - 1 <= PROBES;
            List<Long> asked = whole ? range(before, after) : spread(before, after);
            long lastBefore = before;
            long firstAfter = after;
            for (Document found : times(type, recordId, asked)) {
                long sequence = sequenceOf(found.getString(ID));
                if (!instant(found.getDate(AT)).isAfter(asOf)) {
                    lastBefore = Math.max(lastBefore, sequence);
                } else {
                    firstAfter = Math.min(firstAfter, sequence);
                }
            }
            if (whole) {
                before = lastBefore;
                break;
            }
            // no probe exists (a long run of numbers without versions): read the rest number by number
            exhaustive = lastBefore == before && firstAfter == after;
            before = lastBefore;
            // times out of order (a clock set back) cannot make the interval empty: keep the old end then
            after = firstAfter > lastBefore ? firstAfter : after;
        }
        if (before < 0) {
            return Optional.empty();
        }
        Document version = versions.find(Filters.eq(ID, key(type, recordId, before))).first();
        return version == null ? Optional.empty() : Optional.of(MongoRecordDocuments.toView(Blobs.decode(version.get(RECORD))));
    }

    /** The {@code _id} and time of those of the versions that exist, in {@code $in} round trips of at most 1,000. */
    private List<Document> times(EntityType type, String recordId, List<Long> sequences) {
        List<Document> found = new ArrayList<>();
        for (int from = 0; from < sequences.size(); from += 1_000) {
            List<String> keys = sequences.subList(from, Math.min(sequences.size(), from + 1_000)).stream()
                    .map(s -> key(type, recordId, s)).toList();
            versions.find(Filters.in(ID, keys)).projection(Projections.include(AT)).batchSize(keys.size())
                    .into(found);
        }
        return found;
    }

    /** Every sequence number strictly between the two. */
    private static List<Long> range(long fromExclusive, long toExclusive) {
        List<Long> all = new ArrayList<>();
        for (long s = fromExclusive + 1; s < toExclusive; s++) {
            all.add(s);
        }
        return all;
    }

    /** {@link #PROBES} sequence numbers spread evenly strictly between the two (more than that lie between). */
    private static List<Long> spread(long fromExclusive, long toExclusive) {
        List<Long> probes = new ArrayList<>(PROBES);
        double step = (double) (toExclusive - fromExclusive) / (PROBES + 1);
        for (int i = 1; i <= PROBES; i++) {
            long s = fromExclusive + Math.round(step * i);
            if (s > fromExclusive && s < toExclusive && (probes.isEmpty() || probes.get(probes.size() - 1) < s)) {
                probes.add(s);
            }
        }
        return probes;
    }

    static String key(EntityType type, String recordId, long sequence) {
        return type.name() + ":" + recordId + ":" + String.format("%010d", sequence);
    }

    private static long sequenceOf(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf(':') + 1));
    }
}
