package io.mdg.command.record;

import io.mdg.api.EntityType;
import io.mdg.api.error.ErrorCode;
import io.mdg.rules.record.RecordFacts;
import io.mdg.rules.record.ReferenceLookup;

/** The golden record a steward action or change request names, which must exist and be of the type it says. */
public final class ExistingRecords {

    private ExistingRecords() {
    }

    /** The golden record of the type with this id, or a NOT_FOUND refusal. */
    public static RecordFacts require(ReferenceLookup lookup, EntityType type, String recordId) {
        RecordFacts facts = lookup.find(recordId).orElseThrow(() -> new CommandRefusedException(ErrorCode.NOT_FOUND,
                "NOT_FOUND", "no golden record " + recordId));
        if (facts.type() != type) {
            throw new CommandRefusedException(ErrorCode.NOT_FOUND, "NOT_FOUND",
                    "record " + recordId + " is a " + facts.type() + ", not a " + type);
        }
        return facts;
    }
}
