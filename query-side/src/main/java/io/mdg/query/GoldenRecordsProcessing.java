package io.mdg.query;

/**
 * Processing groups of the read side, named here so that a renamed package never silently creates a new processor
 * (and a full replay). Their processor settings (mode, threads, segments, batch size) are in the service's
 * {@code application.yml} under {@code axon.eventhandling.processors}.
 */
public final class GoldenRecordsProcessing {

    /** Golden records and their cross-references. */
    public static final String GROUP = "golden-records";

    /**
     * The order of the group's handlers for one event (Spring's {@code @Order}, which Axon follows within a
     * processing group): the golden record, which readers find everything else by, is stored last. In the memory
     * read store each handler's write is visible at once; a reader that found a new record must also find its
     * cross-references and change requests (the MongoDB adapter keeps the same order within a batch: {@code
     * BatchedWrites}).
     */
    public static final int BEFORE_RECORDS = 0;

    /** The golden records' own handler: after every other handler of the group (see {@link #BEFORE_RECORDS}). */
    public static final int RECORDS = 1;

    private GoldenRecordsProcessing() {
    }
}
