package io.mdg.api.record;

/**
 * A page of the golden records that match a filter, in id order (a stable order: a record keeps its place between
 * pages), starting after the record {@code afterId} (null: from the start). Answers a {@link RecordPageView} of at most
 * {@code limit} records (and at most the rules file's {@code limits.pageSize}) that says whether more follow.
 */
public record ListRecordPageQuery(RecordFilter filter, String afterId, int limit) {
}
