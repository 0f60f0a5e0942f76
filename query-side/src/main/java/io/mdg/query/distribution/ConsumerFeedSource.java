package io.mdg.query.distribution;

import java.util.List;

/**
 * The consumers' change feeds as their readers see them: the pull API ({@code changes(consumer, after, first)}) and
 * the push delivery workers read pages of one consumer's feed after a place they hold.
 */
public interface ConsumerFeedSource {

    /**
     * The entries of a consumer's feed after {@code afterSeq} (0: from its first), in feed order, at most
     * {@code limit}; fewer (or none) when the feed has no more yet.
     */
    List<FeedItem> after(String consumerId, long afterSeq, int limit);

    /** The place of the consumer's latest entry (0: none yet): the backlog of a reader at {@code s} is this - s. */
    long head(String consumerId);

    /**
     * Per record (of {@code type}, by id), its latest entry in the consumer's feed at or before the place given for
     * it; records without one there are left out. The items carry no envelope ({@code cloudEvent} empty).
     */
    java.util.Map<String, FeedItem> latest(String consumerId, io.mdg.api.EntityType type,
                                           java.util.Map<String, Long> through);

    /**
     * Tells {@code listener} the id of a consumer whose feed got new entries, once they are committed, so that a
     * reader waiting for them need not wait out its polling interval (entries cut by another process sharing the
     * database are found by polling).
     */
    default void onAppended(java.util.function.Consumer<String> listener) {
    }
}
