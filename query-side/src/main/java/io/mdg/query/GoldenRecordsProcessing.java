package io.mdg.query;

/**
 * Processing groups of the read side, named here so that a renamed package never silently creates a new processor
 * (and a full replay). Their processor settings (mode, threads, segments, batch size) are in the service's
 * {@code application.yml} under {@code axon.eventhandling.processors}.
 */
public final class GoldenRecordsProcessing {

    /** Golden records and their cross-references. */
    public static final String GROUP = "golden-records";

    private GoldenRecordsProcessing() {
    }
}
