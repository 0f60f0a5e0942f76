package io.mdg.api.screening;

import java.time.LocalDate;

/**
 * One excluded individual or entity of an imported exclusion list, as the list publishes it.
 *
 * @param entryKey        stable key of the entry within its layout, the same in the next month's file (e.g. LEIE:
 *                        name, exclusion date and ZIP; SAM: the Unique Entity ID when the row has one)
 * @param line            the line of the file it was read from
 * @param name            the business name, or an individual's "LAST, FIRST MIDDLE"
 * @param individual      whether the entry is a person (not an entity)
 * @param taxId           the tax id, when the list gives one (the public LEIE and SAM extracts do not)
 * @param npi             the National Provider Identifier, when given
 * @param street          the street line(s)
 * @param city            the city
 * @param state           the state / province
 * @param zip             the ZIP / postal code
 * @param exclusionType   the exclusion type or program (e.g. LEIE {@code 1128a1}, SAM {@code Ineligible (Proceedings
 *                        Completed)})
 * @param excludedOn      since when it is excluded
 * @param reinstatedOn    when the exclusion ended (LEIE REINDATE, SAM Termination Date); null: open-ended
 */
public record ExclusionEntry(String entryKey, int line, String name, boolean individual, String taxId, String npi,
                             String street, String city, String state, String zip, String exclusionType,
                             LocalDate excludedOn, LocalDate reinstatedOn) {

    /** Whether the exclusion is in force on {@code day}: started (or no start given) and not ended by then. */
    public boolean inForceOn(LocalDate day) {
        return (excludedOn == null || !excludedOn.isAfter(day)) && (reinstatedOn == null || reinstatedOn.isAfter(day));
    }
}
