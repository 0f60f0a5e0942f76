package io.mdg.rules.personal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.model.Contact;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.ContactErasedEvent;
import io.mdg.api.record.EraseContactCommand;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.rules.decision.Decision;
import io.mdg.rules.decision.RecordState;
import io.mdg.rules.file.RulesFile;

/** The erasure of a contact person: who may be erased when, and what the record keeps of the person afterwards. */
class ContactErasureTest {

    private static final Actor ADA = Actor.user("ada.admin");
    private static final LocalDate TODAY = LocalDate.parse("2026-12-07");
    private static final Contact ANN = new Contact("Ann", "Sales", "ann@a.test", null, "p-1", null);
    private static final RecordState SUPPLIER = RecordState.NONE.evolve(new RecordRegisteredEvent("s-1",
            EntityType.SUPPLIER, new SourceRef(SourceSystem.ERP, "V-1", 1L),
            new SupplierAttributes("Acme", null, null, null, null, null, null, null, List.of(ANN), null),
            Actor.client("erp")));

    private static EraseContactCommand erase(String person) {
        return new EraseContactCommand("s-1", person, "asked by the person", ADA, false, TODAY);
    }

    @Test
    void a_known_person_is_erased_and_the_record_keeps_only_its_id() {
        Decision<Void> decision = ContactErasure.decide(SUPPLIER, erase("p-1"), PersonalDataRules.NONE, true);
        assertThat(decision.events()).containsExactly(new ContactErasedEvent("s-1", EntityType.SUPPLIER, "p-1",
                "asked by the person", ADA, false));
        RecordState after = SUPPLIER.evolve(decision.events());
        assertThat(((SupplierAttributes) after.attributes()).contacts()).containsExactly(Contact.erased("p-1"));
    }

    @Test
    void an_unknown_or_erased_person_is_not_found() {
        Decision<Void> decision = ContactErasure.decide(SUPPLIER, erase("p-9"), PersonalDataRules.NONE, false);
        assertThat(decision.refusal().errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(decision.refusal().code()).isEqualTo("PERSON_NOT_FOUND");
        assertThat(ContactErasure.decide(RecordState.NONE, erase("p-1"), PersonalDataRules.NONE, true).refusal()
                .code()).isEqualTo("NOT_A_SUPPLIER");
    }

    @Test
    void a_legal_hold_on_the_supplier_or_its_source_record_refuses_until_its_last_day() {
        PersonalDataRules bySource = new PersonalDataRules(null, List.of(
                new PersonalDataRules.LegalHold("ERP:V-1", "litigation 17", TODAY)));
        Decision<Void> held = ContactErasure.decide(SUPPLIER, erase("p-1"), bySource, true);
        assertThat(held.refusal().errorCode()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(held.refusal().code()).isEqualTo("LEGAL_HOLD");
        assertThat(held.refusal().message()).contains("litigation 17", "until 2026-12-07");

        PersonalDataRules byId = new PersonalDataRules(null, List.of(
                new PersonalDataRules.LegalHold("s-1", "audit", null)));
        assertThat(ContactErasure.decide(SUPPLIER, erase("p-1"), byId, true).isRefused()).isTrue();

        EraseContactCommand tomorrow = new EraseContactCommand("s-1", "p-1", "asked", ADA, false,
                TODAY.plusDays(1));
        assertThat(ContactErasure.decide(SUPPLIER, tomorrow, bySource, true).isRefused()).isFalse();
    }

    @Test
    void the_retention_period_is_over_on_the_day_it_ends() {
        PersonalDataRules rules = new PersonalDataRules(Period.ofYears(2), List.of());
        Instant retired = Instant.parse("2024-12-07T10:00:00Z");
        assertThat(rules.retentionOver(retired, Instant.parse("2026-12-06T23:59:59Z"))).isFalse();
        assertThat(rules.retentionOver(retired, Instant.parse("2026-12-07T00:00:00Z"))).isTrue();
        assertThat(PersonalDataRules.NONE.retentionOver(retired, Instant.parse("2099-01-01T00:00:00Z"))).isFalse();
    }

    @Test
    void the_rules_file_reads_the_retention_period_and_legal_holds() {
        RulesFile shipped = RulesFile.loadDefault();
        assertThat(shipped.personalData().contactRetention()).isEqualTo(Period.ofYears(2));
        assertThat(shipped.personalData().legalHolds()).isEmpty();

        String yaml = new String(readDefault()).replace("  legalHolds: []", "  legalHolds:\n"
                + "    - {supplier: \"ERP:V-100\", reason: \"litigation 2026-17\", until: 2027-06-30}\n"
                + "    - {supplier: s-7, reason: \"tax audit\"}");
        RulesFile rules = RulesFile.parse(yaml, "test");
        assertThat(rules.personalData().legalHolds()).containsExactly(
                new PersonalDataRules.LegalHold("ERP:V-100", "litigation 2026-17", LocalDate.parse("2027-06-30")),
                new PersonalDataRules.LegalHold("s-7", "tax audit", null));

        String bad = new String(readDefault()).replace("contactRetention: P2Y", "contactRetention: two years")
                .replace("  legalHolds: []", "  legalHolds: [{supplier: s-1}]");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RulesFile.parse(bad, "bad"))
                .hasMessageContaining("personalData.contactRetention: must be an ISO-8601 period")
                .hasMessageContaining("personalData.legalHolds[0].reason: is missing");
    }

    private static byte[] readDefault() {
        try (var in = ContactErasureTest.class.getClassLoader().getResourceAsStream(RulesFile.DEFAULT_RESOURCE)) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
