package io.mdg.api.ops;

import java.time.Instant;

/**
 * One processing group's rebuild. Positions are the event store's global positions, so the counts are close to the
 * number of events (a position skipped by a rolled-back write counts too).
 *
 * @param processingGroup the projection's processing group
 * @param running         whether its processor runs
 * @param replaying       whether it is rebuilding now
 * @param error           whether a segment is in error
 * @param requestedBy     who asked for the last rebuild in this process (null: none asked since start)
 * @param startedAt       when that rebuild started
 * @param eventsDone      events replayed so far (0 when not replaying)
 * @param eventsTotal     events to replay (the head of the event store at the reset)
 * @param remaining       events still to replay
 * @param eventsPerSecond average rate since the rebuild started
 * @param estimatedEnd    when it should be done at that rate; null when unknown or done
 */
public record ReplayStatusView(String processingGroup, boolean running, boolean replaying, boolean error,
                               String requestedBy, Instant startedAt, long eventsDone, long eventsTotal,
                               long remaining, double eventsPerSecond, Instant estimatedEnd) {
}
