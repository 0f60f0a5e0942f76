package io.mdg.rules.personal;

import java.util.List;
import java.util.Optional;

import io.mdg.api.EntityType;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.record.ContactErasedEvent;
import io.mdg.api.record.EraseContactCommand;
import io.mdg.rules.decision.Decision;
import io.mdg.rules.decision.RecordState;
import io.mdg.rules.decision.Refusal;

/**
 * Whether a supplier's contact person may be erased now, and the event that erases it: refused for a record that is
 * not a supplier, for a person that is not (or no longer) one of the supplier's people, and while a legal hold of the
 * rules file covers the supplier (the admin's erasure and the retention period's alike).
 */
public final class ContactErasure {

    private ContactErasure() {
    }

    /**
     * @param personKnown whether the person id belongs to this supplier and its data are not erased yet (the key
     *                    store's answer: a person that was removed from the contacts is still the supplier's)
     */
    public static Decision<Void> decide(RecordState state, EraseContactCommand command, PersonalDataRules rules,
                                        boolean personKnown) {
        if (!state.exists() || state.type() != EntityType.SUPPLIER) {
            return Decision.refused(new Refusal(ErrorCode.NOT_FOUND, "NOT_A_SUPPLIER",
                    "contacts are erased from a supplier; " + command.recordId() + " is not one"));
        }
        if (!personKnown) {
            return Decision.refused(new Refusal(ErrorCode.NOT_FOUND, "PERSON_NOT_FOUND", "person "
                    + command.personId() + " is not a contact of supplier " + command.recordId()
                    + " (or was erased already)"));
        }
        Optional<PersonalDataRules.LegalHold> hold = rules.holdOn(state.recordId(), state.sources().keySet(),
                command.today());
        if (hold.isPresent()) {
            return Decision.refused(new Refusal(ErrorCode.CONFLICT, "LEGAL_HOLD",
                    PersonalDataRules.heldMessage(hold.get())));
        }
        return Decision.of(List.of(new ContactErasedEvent(state.recordId(), state.type(), command.personId(),
                command.reason(), command.actor(), command.retention())), null);
    }
}
