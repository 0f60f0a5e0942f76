package io.mdg.rules.personal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules file's {@code personalData} section: how long the personal data of a supplier's contacts are kept, and
 * the legal holds that keep them longer.
 *
 * @param contactRetention how long after a supplier was retired its contacts' personal data are kept before they
 *                         are erased (crypto-shredded); null: kept until an admin erases them
 * @param legalHolds       suppliers whose contacts must not be erased, neither by an admin nor by the retention
 *                         period, while the hold lasts
 */
public record PersonalDataRules(Period contactRetention, List<LegalHold> legalHolds) {

    /** No retention period, no legal holds. */
    public static final PersonalDataRules NONE = new PersonalDataRules(null, List.of());

    public PersonalDataRules {
        legalHolds = List.copyOf(legalHolds);
    }

    /**
     * A legal hold on one supplier.
     *
     * @param supplier the golden record id, or a source record as {@code SYSTEM:sourceId} (e.g. {@code ERP:V-100})
     * @param reason   why (a litigation, an investigation); shown in the refusal
     * @param until    the last day the hold applies; null: until it is taken out of the rules file
     */
    public record LegalHold(String supplier, String reason, LocalDate until) {

        public LegalHold {
            Objects.requireNonNull(supplier, "supplier");
            Objects.requireNonNull(reason, "reason");
        }

        /** Whether the hold covers the supplier (its golden id or one of its source records' keys) on {@code day}. */
        public boolean covers(String recordId, Collection<String> sourceKeys, LocalDate day) {
            boolean supplierMatches = supplier.equals(recordId) || sourceKeys.contains(supplier);
            return supplierMatches && (until == null || !day.isAfter(until));
        }
    }

    /** The first legal hold that covers the supplier on {@code day}. */
    public Optional<LegalHold> holdOn(String recordId, Collection<String> sourceKeys, LocalDate day) {
        return legalHolds.stream().filter(hold -> hold.covers(recordId, sourceKeys, day)).findFirst();
    }

    /** Whether contacts of a supplier retired at {@code retiredAt} are due for erasure at {@code now}. */
    public boolean retentionOver(Instant retiredAt, Instant now) {
        if (contactRetention == null || retiredAt == null) {
            return false;
        }
        LocalDate due = retiredAt.atZone(ZoneOffset.UTC).toLocalDate().plus(contactRetention);
        return !now.atZone(ZoneOffset.UTC).toLocalDate().isBefore(due);
    }

    /** The refusal message of an erasure that a legal hold blocks. */
    public static String heldMessage(LegalHold hold) {
        return "a legal hold keeps the personal data of this supplier's contacts (" + hold.reason()
                + (hold.until() == null ? ", until it is lifted" : ", until " + hold.until())
                + "); lift it in the rules file (personalData.legalHolds) before erasing";
    }
}
