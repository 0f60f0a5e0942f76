package io.mdg.query.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bson.Document;
import org.bson.types.Binary;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;

import io.mdg.api.EntityType;
import io.mdg.api.record.RecordView;
import io.mdg.query.crypto.ReadModelCipher;
import io.mdg.query.crypto.SealedJson;
import io.mdg.query.store.BatchedWrites;

/**
 * The record history in the MongoDB read store ({@code mdg.read-store=mongodb}). Collection {@value #COLLECTION},
 * one document per version:
 *
 * <pre>
 * { _id: "SUPPLIER:s-1:0000000042" (type, record id, sequence number (version - 1) zero-padded), at (the event's
 *   time), sealed: the whole version, encrypted ({@link SealedJson}) }
 * </pre>
 *
 * Versions are only read whole, by {@code _id}. A redelivered version is written again under the same {@code _id}
 * with the same content (upsert): idempotent. Versions written by earlier releases (without {@code sealed}: the
 * values in clear) are refused with a message asking for a replay of the golden records, which writes them again.
 *
 * <p><b>As-of lookup without scans.</b> mongo-java-server serves only {@code _id} equality and {@code $in} from an
 * index (a range or a sort on {@code _id} scans the whole collection, every version of every record), so the lookup
 * uses nothing else. The version in force is the last one at or before the instant, between the first version and
 * the latest one: a search that asks, in one {@code $in} round trip, for the times of up to {@value #PROBES} evenly
 * spread sequence numbers of the remaining interval (just the {@code at} field), keeps the part between the last
 * one at or before the instant and the first one after it, and reads that whole part once it has at most
 * {@value #PROBES} numbers; then the chosen version is read. A record with 500 versions costs three round trips
 * (one probe, the last interval, the version). Sequence numbers without a version (an event that does not change
 * the record) are simply not found, so the search does not rely on them being contiguous.
 */
public class MongoRecordVersions implements RecordVersions {

    /** The collection of record versions. */
    public static final String COLLECTION = "record_versions";
    /** Sequence numbers asked for in one round trip of the as-of search. */
    static final int PROBES = 32;

    static final String ID = "_id";
    static final String AT = "at";
    static final String SEALED = "sealed";

    private final MongoCollection<Document> versions;
    private final SealedJson<RecordView> codec;

    public MongoRecordVersions(MongoDatabase readStoreDatabase, ReadModelCipher cipher) {
        this.versions = readStoreDatabase.getCollection(COLLECTION);
        this.codec = new SealedJson<>(RecordView.class, cipher);
    }

    @Override
    public void add(RecordView version, Instant at) {
        Document doc = new Document(ID, key(version.type(), version.id(), version.version() - 1))
                .append(AT, Date.from(at))
                .append(SEALED, new Binary(codec.seal(version)));
        BatchedWrites.replace(versions, doc);
    }

    @Override
    public Map<Key, RecordView> versions(Collection<Key> keys) {
        Map<String, Key> byId = new HashMap<>();
        keys.forEach(key -> byId.put(key(key.type(), key.recordId(), key.version() - 1), key));
        Map<Key, RecordView> found = new HashMap<>();
        List<String> ids = List.copyOf(byId.keySet());
        for (int from = 0; from < ids.size(); from += 1_000) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 1_000));
            for (Document version : versions.find(Filters.in(ID, chunk)).batchSize(chunk.size())) {
                Binary sealed = version.get(SEALED, Binary.class);
                if (sealed != null) {
                    found.put(byId.get(version.getString(ID)), codec.open(sealed.getData()));
                }
            }
        }
        return found;
    }

    @Override
    public void clear() {
        versions.drop();
    }

    @Override
    public Optional<RecordView> asOf(EntityType type, String recordId, Instant asOf, long latestVersion) {
        long before = -1; // the last sequence number known to be in force at asOf (-1: none found yet)
        // the first one known to come after asOf: past the latest (whose sequence number is its version - 1)
        long after = latestVersion;
        boolean exhaustive = false;
        while (after - before > 1) {
            boolean whole = exhaustive || after - before - 1 <= PROBES;
            List<Long> asked = whole ? range(before, after) : spread(before, after);
            long lastBefore = before;
            long firstAfter = after;
            for (Document found : times(type, recordId, asked)) {
                long sequence = sequenceOf(found.getString(ID));
                if (!found.getDate(AT).toInstant().isAfter(asOf)) {
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
        if (version == null) {
            return Optional.empty();
        }
        Binary sealed = version.get(SEALED, Binary.class);
        if (sealed == null) {
            throw new IllegalStateException("version " + version.get(ID) + " was stored by an earlier release, "
                    + "without encryption: replay the golden records (replayProjection(processingGroup: "
                    + "\"golden-records\")) to store the history again encrypted");
        }
        return Optional.of(codec.open(sealed.getData()));
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
