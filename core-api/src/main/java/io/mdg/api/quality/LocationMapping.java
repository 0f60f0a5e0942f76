package io.mdg.api.quality;

import java.util.List;

import io.mdg.api.SourceSystem;

/**
 * Location mapping accuracy: source location records (cross-references) that map to a usable golden location,
 * i.e. one that is not RETIRED, has a location type and, unless it is a NETWORK, a parent.
 *
 * @param sourceLocations source location records mapped to a golden location
 * @param mapped          of these, the ones whose golden location is usable
 * @param ratio           {@code mapped / sourceLocations} (1.0 when there are none)
 * @param bySystem        the same per source system, in the order of the source systems (systems without
 *                        location records left out)
 */
public record LocationMapping(long sourceLocations, long mapped, double ratio, List<SystemMapping> bySystem) {

    /** The location mapping of one source system. */
    public record SystemMapping(SourceSystem system, long sourceLocations, long mapped, double ratio) {
    }
}
