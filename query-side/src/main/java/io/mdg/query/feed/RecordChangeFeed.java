package io.mdg.query.feed;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.EntityType;
import io.mdg.api.feed.RecordChange;
import io.mdg.api.feed.RecordChangeKind;
import io.mdg.api.feed.RecordChangesQuery;
import io.mdg.api.model.Attributes;
import io.mdg.api.record.LifecycleChangedEvent;
import io.mdg.api.record.RecordChangedEvent;
import io.mdg.api.record.RecordMergedEvent;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.api.record.RecordView;
import io.mdg.api.record.SourceRecordsMovedEvent;
import io.mdg.query.record.RecordReadModel;
import io.mdg.query.record.RecordStoredListener;

/**
 * The change feed: after the {@link io.mdg.query.record.RecordProjection} stored a version of a golden record that
 * changed its golden state (created, approved attribute values changed, status changed, merged), this sends a
 * {@link RecordChange} to the subscribers of {@link RecordChangesQuery} that follow the record's type, through
 * Axon's {@link QueryUpdateEmitter} (which, inside the processor's unit of work, sends only after the batch
 * committed). Versions that change nothing golden (a change held for approval, a released hold, a newly linked
 * source record) are not news for the feed.
 *
 * <p>Nothing is sent while the read models are rebuilt or replayed ({@link LiveEvents}), nor when nobody
 * subscribes (the record is then not even read). The record in the change is the one just stored, i.e. exactly
 * that version: events of one record are handled in order on one thread.
 */
@Component
@Profile("query")
public class RecordChangeFeed implements RecordStoredListener {

    private final QueryUpdateEmitter emitter;
    private final RecordReadModel store;
    private final LiveEvents live;

    public RecordChangeFeed(QueryUpdateEmitter emitter, RecordReadModel store, LiveEvents live) {
        this.emitter = emitter;
        this.store = store;
        this.live = live;
    }

    /** The feed has no backlog: a subscription starts empty and receives what happens from then on. */
    @QueryHandler
    public List<RecordChange> handle(RecordChangesQuery query) {
        return List.of();
    }

    @Override
    public void stored(EntityType type, RecordView stored, Object event, long sequence, Instant at) {
        Optional<Change> change = describe(type, event);
        if (change.isEmpty() || !followed(type) || !live.isLive()) {
            return;
        }
        // the version being stored (listeners are told just before the store writes it)
        Optional<RecordView> record = change.get().recordId().equals(stored.id())
                ? Optional.of(stored) : store.find(type, change.get().recordId());
        if (record.isEmpty()) {
            return;
        }
        RecordChange update = new RecordChange(type, change.get().recordId(), sequence + 1, change.get().kind(),
                change.get().attributes(), at, record.get());
        emitter.emit(RecordChangesQuery.class, query -> query.follows(type), update);
    }

    private boolean followed(EntityType type) {
        return emitter.activeSubscriptions().stream()
                .anyMatch(s -> s.getPayload() instanceof RecordChangesQuery query && query.follows(type));
    }

    /** What an event did to the golden record, or empty when it changed nothing golden. */
    static Optional<Change> describe(EntityType type, Object event) {
        if (event instanceof RecordRegisteredEvent e) {
            List<String> present = Attributes.names(type).stream()
                    .filter(name -> e.attributes() != null && Attributes.value(e.attributes(), name) != null)
                    .toList();
            return Optional.of(new Change(e.recordId(), RecordChangeKind.CREATED, present));
        }
        if (event instanceof RecordChangedEvent e) {
            return Optional.of(new Change(e.recordId(), RecordChangeKind.ATTRIBUTES_CHANGED, e.attributes()));
        }
        if (event instanceof LifecycleChangedEvent e) {
            return Optional.of(new Change(e.recordId(), RecordChangeKind.STATUS_CHANGED, List.of()));
        }
        if (event instanceof RecordMergedEvent e) {
            return Optional.of(new Change(e.recordId(), RecordChangeKind.MERGED, List.of()));
        }
        if (event instanceof SourceRecordsMovedEvent e) {
            return Optional.of(new Change(e.recordId(), RecordChangeKind.MERGED, List.of()));
        }
        return Optional.empty();
    }

    record Change(String recordId, RecordChangeKind kind, List<String> attributes) {
    }
}
