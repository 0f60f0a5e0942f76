package io.mdg.api.record;

import java.util.List;

import io.mdg.api.EntityType;

/**
 * The golden records of one type with the given ids, in one store round trip: the batch behind the relations of a
 * page of records (a contract's supplier, its lines' items, an item's manufacturer, a location's parent). Answers
 * {@code List<RecordView>} of the records that exist, in no particular order; ids that do not exist are left out.
 */
public record FindRecordsQuery(EntityType type, List<String> ids) {

    /** The most ids one query takes. */
    public static final int MAX_IDS = 1_000;
}
