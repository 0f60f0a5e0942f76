package io.mdg.rules.file;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The versions of the rules one process knows, by the time from which each is in force: the rules in force at a
 * time are those of the latest version whose {@code effectiveFrom} is not after it. Versions are only added (a later
 * approval takes effect later); thread-safe.
 */
public final class RulesHistory {

    private final NavigableMap<Instant, RulesVersion> versions = new ConcurrentSkipListMap<>();

    /** Adds a version (again: nothing changes). */
    public void add(RulesVersion version) {
        versions.putIfAbsent(version.effectiveFrom(), version);
    }

    /** The version in force at {@code at}; empty before the first. */
    public Optional<RulesVersion> at(Instant at) {
        Map.Entry<Instant, RulesVersion> entry = versions.floorEntry(at);
        return entry == null ? Optional.empty() : Optional.of(entry.getValue());
    }

    /** The latest version known (possibly not yet in force). */
    public Optional<RulesVersion> latest() {
        Map.Entry<Instant, RulesVersion> entry = versions.lastEntry();
        return entry == null ? Optional.empty() : Optional.of(entry.getValue());
    }

    /** Every version known, oldest first. */
    public List<RulesVersion> all() {
        return List.copyOf(versions.values());
    }

    /** Whether no version is known. */
    public boolean isEmpty() {
        return versions.isEmpty();
    }
}
