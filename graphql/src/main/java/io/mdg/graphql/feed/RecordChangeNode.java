package io.mdg.graphql.feed;

import java.time.Instant;
import java.util.List;

import io.mdg.api.EntityType;
import io.mdg.api.feed.RecordChange;
import io.mdg.api.feed.RecordChangeKind;
import io.mdg.graphql.record.MasterRecordNode;

/** The GraphQL type {@code RecordChange}: a change of the feed with its record as a {@code MasterRecord}. */
public record RecordChangeNode(EntityType type, String recordId, long version, RecordChangeKind kind,
                               List<String> attributes, Instant at, MasterRecordNode record) {

    static RecordChangeNode of(RecordChange change) {
        return new RecordChangeNode(change.type(), change.recordId(), change.version(), change.kind(),
                change.attributes(), change.at(), change.record() == null ? null : MasterRecordNode.of(change.record()));
    }
}
