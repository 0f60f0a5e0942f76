package io.mdg.command.personal;

import java.util.List;

import io.mdg.api.model.Contact;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.model.SupplierAttributes;

/**
 * The people behind a supplier's contacts: each gets a stable person id within its supplier the first time it
 * appears (matched by normalised e-mail address, or by normalised name when it has none), and its own data key, kept
 * by the service (never in events). The command side assigns the ids before a record decides, so that the events
 * carry them and every copy of a contact can be encrypted under its person's key. A person whose data were erased is
 * never matched again: the same person sent again is a new person with a new key.
 */
public interface PersonIds {

    /** Without a key store: contacts keep no person id (command-side unit tests). */
    PersonIds NONE = new PersonIds() {
        @Override
        public String personId(String recordId, Contact contact) {
            return contact.personId();
        }

        @Override
        public boolean belongsTo(String personId, String recordId) {
            return false;
        }
    };

    /** The person id of the contact at the supplier {@code recordId}: the known one, or a new one with a new key. */
    String personId(String recordId, Contact contact);

    /** Whether the person is one of the supplier's people and its data are not erased. */
    boolean belongsTo(String personId, String recordId);

    /** {@code attributes} with a person id on every contact of a supplier (other types unchanged). */
    default MasterAttributes identify(String recordId, MasterAttributes attributes) {
        if (!(attributes instanceof SupplierAttributes supplier) || supplier.contacts() == null
                || supplier.contacts().isEmpty()) {
            return attributes;
        }
        List<Contact> contacts = supplier.contacts().stream()
                .map(c -> c == null || c.wasErased() ? c : c.withPersonId(personId(recordId, c))).toList();
        return new SupplierAttributes(supplier.legalName(), supplier.tradingNames(), supplier.taxId(),
                supplier.duns(), supplier.gln(), supplier.orderingAddress(), supplier.remitToAddress(),
                supplier.bankAccount(), contacts, supplier.screeningStatus());
    }
}
