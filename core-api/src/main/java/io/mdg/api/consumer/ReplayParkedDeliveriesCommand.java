package io.mdg.api.consumer;

import java.util.Objects;

import io.mdg.api.Actor;

/**
 * An admin has parked deliveries of a push consumer delivered again: with {@code seq}, every parked entry of that
 * entry's record (one record's parked entries are one sequence: the later ones were held back behind the first, and
 * none may overtake another); without, every parked entry of the consumer. They are delivered in feed order, before
 * any later entry of the same record; a batch that fails again is parked again with the new error. Answers a
 * {@link ParkedReplayResult}; audited as a {@link ParkedDeliveriesReplayedEvent}.
 */
public record ReplayParkedDeliveriesCommand(String consumerId, Long seq, Actor actor) {

    public ReplayParkedDeliveriesCommand {
        Objects.requireNonNull(consumerId, "consumerId");
        Objects.requireNonNull(actor, "actor");
    }
}
