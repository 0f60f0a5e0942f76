package io.mdg.query.distribution.push;

import java.time.Instant;
import java.util.List;

import io.mdg.query.distribution.FeedItem;

/**
 * What one step of a consumer's delivery handles: the entries one POST carries ({@code sent}, in feed order), and
 * the entries of the same page held back because an earlier entry of their record is parked ({@code held}: parked
 * too, never posted). When the step ends (acknowledged or parked) the consumer's acknowledged place moves to
 * {@code through}, in the same transaction.
 *
 * @param replay  the entries are parked ones an operator asked to have delivered again (the place does not move)
 * @param sent    the entries posted, at most max-batch
 * @param held    the entries parked without being posted, each with the place of the parked entry it waits behind
 * @param through the place of the last entry of the page this step handles
 */
record PushBatch(boolean replay, List<FeedItem> sent, List<Held> held, long through) {

    /** An entry held back behind the parked entry {@code behind} of the same record. */
    record Held(FeedItem item, long behind) {
    }

    PushBatch {
        sent = List.copyOf(sent);
        held = List.copyOf(held);
    }

    /**
     * The POST's {@code webhook-id}: the same for every attempt of this batch (also after a restart, which reads the
     * same page again), different for a replay of the same places.
     */
    String messageId(String consumerId) {
        return consumerId + (replay ? ".replay." : ".") + sent.get(0).seq() + "-" + sent.get(sent.size() - 1).seq();
    }

    /** When the oldest change posted was committed. */
    Instant oldestCommit() {
        return sent.stream().map(FeedItem::committedAt).min(Instant::compareTo).orElse(null);
    }
}
