package io.mdg.graphql.record;

import java.time.Instant;
import java.util.List;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.Address;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.Contact;
import io.mdg.api.model.ScreeningStatus;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.AttributeLineage;
import io.mdg.api.record.PendingChangeView;
import io.mdg.api.record.RecordView;
import io.mdg.api.xref.SourceRefView;

/**
 * The GraphQL type {@code Supplier}. {@code bankAccount} holds the full account; the schema field is resolved by
 * {@link ReferenceController#bankAccount}, which masks it for callers without the right to see it.
 */
public record SupplierNode(String id, long version, LifecycleStatus status, Instant createdAt, Instant updatedAt,
                           List<SourceRefView> sourceRefs, List<AttributeLineage> lineage,
                           List<PendingChangeView> pendingChanges, String mergedInto,
                           String legalName, List<String> tradingNames, String taxId, String duns, String gln,
                           Address orderingAddress, Address remitToAddress, BankAccount bankAccount,
                           List<Contact> contacts, ScreeningStatus screeningStatus) implements MasterRecordNode {

    @Override
    public EntityType type() {
        return EntityType.SUPPLIER;
    }

    static SupplierNode of(RecordView v, SupplierAttributes a) {
        return new SupplierNode(v.id(), v.version(), v.status(), v.createdAt(), v.updatedAt(),
                MasterRecordNode.orEmpty(v.sourceRefs()), MasterRecordNode.orEmpty(v.lineage()),
                MasterRecordNode.orEmpty(v.pendingChanges()), v.mergedInto(),
                a.legalName(), a.tradingNames(), a.taxId(), a.duns(), a.gln(), a.orderingAddress(),
                a.remitToAddress(), a.bankAccount(), a.contacts(), a.screeningStatus());
    }

    /**
     * Whether a bank account waits for approval (a new supplier's first one, or a change): until then it is not
     * part of the record ({@code bankAccount} is the verified one, or null).
     */
    public boolean bankAccountPendingVerification() {
        return pendingChanges.stream().anyMatch(p -> p.attributes() != null && p.attributes().contains("bankAccount"));
    }
}
