package io.mdg.api.model;

/**
 * The level of a location in the network's hierarchy, from the top. A location's parent must be of a higher level:
 * network > hospital campus > facility > department > storeroom / par location.
 */
public enum LocationType {
    NETWORK(0),
    HOSPITAL_CAMPUS(1),
    FACILITY(2),
    DEPARTMENT(3),
    STOREROOM(4),
    PAR_LOCATION(4);

    private final int level;

    LocationType(int level) {
        this.level = level;
    }

    /** 0 for the network, larger further down. */
    public int level() {
        return level;
    }
}
