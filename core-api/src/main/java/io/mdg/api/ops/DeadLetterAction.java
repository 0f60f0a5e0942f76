package io.mdg.api.ops;

/** What an operator did to dead letters. */
public enum DeadLetterAction {
    /** Parked events were handled again. */
    RETRIED,
    /** Parked events were removed without being handled. */
    EVICTED
}
