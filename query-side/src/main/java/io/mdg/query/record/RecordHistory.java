package io.mdg.query.record;

import java.time.Instant;
import java.util.Optional;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.EntityType;
import io.mdg.api.record.FindRecordAsOfQuery;
import io.mdg.api.record.RecordView;
import io.mdg.query.history.RecordVersions;

/**
 * Every stored version of every golden record, for as-of reads ("what did this supplier record say on 1 March"):
 * told of each version as the {@link RecordProjection} stores it ({@link RecordStoredListener}), kept in the
 * history's store ({@link RecordVersions}: a PostgreSQL table or a MongoDB collection, encrypted, written with the
 * projection's batch, idempotent). The history is cleared when the read models are rebuilt. Only approved state is
 * ever in a version: a held change appears in {@code pendingChanges} without its values, as in the record itself.
 *
 * <p>The current record answers directly when it has not changed since the instant, and nothing is answered before
 * it was created; otherwise the history's store finds the version in force.
 */
@Component
@Profile("query")
public class RecordHistory implements RecordStoredListener {

    private final RecordReadModel store;
    private final RecordVersions versions;

    public RecordHistory(RecordReadModel store, RecordVersions versions) {
        this.store = store;
        this.versions = versions;
    }

    @Override
    public void stored(EntityType type, RecordView stored, Object event, long sequence, Instant at) {
        versions.add(stored, at);
    }

    @Override
    public void reset() {
        versions.clear();
    }

    @QueryHandler
    public Optional<RecordView> handle(FindRecordAsOfQuery query) {
        if (query.recordId() == null || query.asOf() == null) {
            return Optional.empty();
        }
        return store.find(query.type(), query.recordId()).flatMap(current -> asOf(current, query.asOf()));
    }

    /** The version of the record in force at {@code asOf}; empty before it was created. */
    private Optional<RecordView> asOf(RecordView current, Instant asOf) {
        if (current.createdAt().isAfter(asOf)) {
            return Optional.empty();
        }
        if (!current.updatedAt().isAfter(asOf)) {
            return Optional.of(current);
        }
        return versions.asOf(current.type(), current.id(), asOf, current.version());
    }
}
