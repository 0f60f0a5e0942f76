package io.mdg.api.record;

/** How many golden records match the filter (all pages together). Answers {@code Long}. */
public record CountMatchingRecordsQuery(RecordFilter filter) {
}
