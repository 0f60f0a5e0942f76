package io.mdg.api;

import java.util.Objects;

/**
 * A source system's record as it arrived: which system, its own id for the record, and the version the source
 * gave it (a counter or an epoch-millisecond timestamp; larger is newer). {@code sourceVersion} may be null when
 * the source sends none; then only identical repeats are recognised, not out-of-order ones.
 */
public record SourceRef(SourceSystem system, String sourceId, Long sourceVersion) {

    public SourceRef {
        Objects.requireNonNull(system, "source system");
        if (sourceId == null || sourceId.isBlank()) {
            throw new IllegalArgumentException("source id must not be blank");
        }
    }

    /** The cross-reference key of this source record, without its version. */
    public String key() {
        return system.name() + ":" + sourceId;
    }
}
