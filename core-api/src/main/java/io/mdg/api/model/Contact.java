package io.mdg.api.model;

/**
 * A named contact at a supplier (e.g. sales, customer service, recall notices): personal data.
 *
 * <p>{@code personId} is the stable id of the person behind the contact within its supplier (assigned by the command
 * side when the contact first appears, matched by normalised e-mail, or by name without one). Whatever is stored of
 * a contact (events, read models) is encrypted under that person's own key, so that erasing the key erases the
 * person everywhere at once (crypto-shredding). After erasure the contact reads as {@link #erased(String)}: the
 * person id only, every personal field null, {@code erased} true. Contacts stored before person ids existed have
 * none (null).
 *
 * @param personId the person's id (null: submitted, not assigned yet; or stored before person ids existed)
 * @param erased   true once the person's data were erased; null or false otherwise
 */
public record Contact(String name, String role, String email, String phone, String personId, Boolean erased) {

    /** What the name of an erased contact reads as. */
    public static final String ERASED_NAME = "[erased]";

    public Contact {
        // one form for "not erased" (false and null alike), so that equal contacts are equal however stored
        erased = Boolean.TRUE.equals(erased) ? Boolean.TRUE : null;
    }

    /** A contact as a source or a steward submits it (no person id yet). */
    public Contact(String name, String role, String email, String phone) {
        this(name, role, email, phone, null, null);
    }

    /** The contact whose person's data were erased: the person id and nothing else of the person. */
    public static Contact erased(String personId) {
        return new Contact(ERASED_NAME, null, null, null, personId, Boolean.TRUE);
    }

    /** This contact as the person {@code id}. */
    public Contact withPersonId(String id) {
        return new Contact(name, role, email, phone, id, erased);
    }

    /** Whether the person's data were erased (not a bean getter: the stored property is {@link #erased()}). */
    public boolean wasErased() {
        return Boolean.TRUE.equals(erased);
    }
}
