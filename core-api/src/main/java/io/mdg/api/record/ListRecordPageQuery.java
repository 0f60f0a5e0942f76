package io.mdg.api.record;

/**
 * A page of the golden records that match a filter, in id order (a stable order: a record keeps its place between
 * pages), starting after the record {@code afterId} (null: from the start). Answers a {@link RecordPageView} of at most
 * {@code limit} records that says whether more follow.
 */
public record ListRecordPageQuery(RecordFilter filter, String afterId, int limit) {

    /** The most records a page holds: the edge refuses a larger {@code first}, the read models serve no more. */
    public static final int MAX_LIMIT = 500;
}
