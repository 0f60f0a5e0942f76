package io.mdg.api.record;

import java.util.List;

/** A page of golden records in id order, and whether more records match after its last one. */
public record RecordPageView(List<RecordView> records, boolean hasNextPage) {
}
