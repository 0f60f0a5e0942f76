package io.mdg.command.lookup;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.mdg.api.model.Identifier;
import io.mdg.api.model.MasterAttributes;
import io.mdg.rules.Violation;
import io.mdg.rules.decision.RecordValidator;
import io.mdg.rules.record.RecordRules;
import io.mdg.rules.record.ReferenceLookup;
import io.mdg.rules.record.UniqueIdentifiers;

/**
 * The checks of a golden record that look across records, read from the lookup tables: the record rules with the
 * records it references, and uniqueness of its identifiers (set-based validation). Handed to the records' decisions.
 */
public class CrossRecordChecks {

    private final CommandLookups lookups;

    public CrossRecordChecks(CommandLookups lookups) {
        this.lookups = lookups;
    }

    /** The record rules on the record {@code recordId} would become, and uniqueness of its identifiers. */
    public RecordValidator validator(String recordId) {
        return new RecordValidator() {
            @Override
            public List<Violation> validate(MasterAttributes resulting, boolean isNew) {
                List<Violation> violations = new ArrayList<>(RecordRules.checkRecord(recordId, resulting, isNew,
                        lookups));
                for (Identifier identifier : UniqueIdentifiers.of(resulting)) {
                    Optional<String> owner = lookups.findByIdentifier(resulting.entityType(), identifier);
                    if (owner.isPresent() && !owner.get().equals(recordId)) {
                        violations.add(new Violation(UniqueIdentifiers.field(identifier), "DUPLICATE_IDENTIFIER",
                                identifier + " already identifies golden record " + owner.get()));
                    }
                }
                return violations;
            }

            @Override
            public ReferenceLookup lookup() {
                return lookups;
            }
        };
    }

    /** The other golden records, as the rules read them. */
    public ReferenceLookup references() {
        return lookups;
    }
}
