package io.mdg.rules.decision;

import java.util.List;

import io.mdg.api.model.MasterAttributes;
import io.mdg.rules.Violation;
import io.mdg.rules.record.ReferenceLookup;

/** Checks the golden record that a submission would result in (record rules, references, unique identifiers). */
@FunctionalInterface
public interface RecordValidator {

    List<Violation> validate(MasterAttributes resulting, boolean isNew);

    /**
     * The other golden records these checks read (e.g. the packaging of the items a contract prices, to compare its
     * prices per base unit); by default none.
     */
    default ReferenceLookup lookup() {
        return ReferenceLookup.none();
    }
}
