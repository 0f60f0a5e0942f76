package io.mdg.rules.record;

import java.util.List;
import java.util.Optional;

/**
 * The golden records the rules may look at: implemented by the command side over its own lookup tables (never the
 * query API), and by an in-memory fake in tests.
 */
public interface ReferenceLookup {

    /** The golden record with this id (merged-away ids are not found). */
    Optional<RecordFacts> find(String recordId);

    /** The golden records whose attributes' {@code references()} contain {@code recordId}. */
    List<RecordFacts> referencing(String recordId);

    /** A lookup that knows no records. */
    static ReferenceLookup none() {
        return new ReferenceLookup() {
            @Override
            public Optional<RecordFacts> find(String recordId) {
                return Optional.empty();
            }

            @Override
            public List<RecordFacts> referencing(String recordId) {
                return List.of();
            }
        };
    }
}
