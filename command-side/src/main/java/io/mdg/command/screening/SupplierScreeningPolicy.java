package io.mdg.command.screening;

import java.util.HashSet;
import java.util.Set;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.ScreeningStatus;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.LifecycleChangedEvent;
import io.mdg.api.record.RecordChangedEvent;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.command.record.GovernedRecords;
import io.mdg.rules.decision.RecordState;
import io.mdg.rules.screening.ExclusionScreen;

/**
 * Screening stays current between imports: a supplier is screened against the exclusion lists in force when it is
 * created, when it becomes ACTIVE again, and when a value the matching reads changes (a name, the tax id, the ZIP,
 * city or state of an address: {@link ExclusionScreen#screenedFacts}); a change of anything else (a street line, bank
 * details, contacts) is not screened again. In a subscribing processor, so in the unit of work and transaction of
 * the change itself: the submission that creates a listed supplier commits together with its suspension request, and
 * a failure here fails the change (nothing is created unscreened). Only ACTIVE suppliers are screened, as by an
 * import; a supplier a source registers as EXCLUDED is suspended at once by its own decision.
 */
@ProcessingGroup(SupplierScreeningPolicy.GROUP)
public class SupplierScreeningPolicy {

    public static final String GROUP = "supplier-screening";
    private static final String SCREENED = SupplierScreeningPolicy.class.getName() + ".screened";

    private final ExclusionScreeningHandler screening;
    private final GovernedRecords records;

    public SupplierScreeningPolicy(ExclusionScreeningHandler screening, GovernedRecords records) {
        this.screening = screening;
        this.records = records;
    }

    @EventHandler
    void on(RecordRegisteredEvent event) throws Exception {
        if (event.type() == EntityType.SUPPLIER && event.attributes() instanceof SupplierAttributes supplier
                && supplier.screeningStatus() != ScreeningStatus.EXCLUDED && first(event.recordId(), supplier)) {
            screening.screenSupplier(event.recordId(), supplier, true);
        }
    }

    @EventHandler
    void on(RecordChangedEvent event) throws Exception {
        if (event.type() == EntityType.SUPPLIER && event.values() instanceof SupplierAttributes after
                && event.previous() instanceof SupplierAttributes before
                && !ExclusionScreen.screenedFacts(after).equals(ExclusionScreen.screenedFacts(before))) {
            screenAsItIs(event.recordId());
        }
    }

    @EventHandler
    void on(LifecycleChangedEvent event) throws Exception {
        if (event.type() == EntityType.SUPPLIER && event.to() == LifecycleStatus.ACTIVE
                && event.from() != LifecycleStatus.ACTIVE) {
            screenAsItIs(event.recordId());
        }
    }

    /** Screens the supplier as it is once this unit of work's changes are applied, when it is ACTIVE. */
    private void screenAsItIs(String supplierId) throws Exception {
        RecordState state = records.state(supplierId);
        if (state.status() == LifecycleStatus.ACTIVE && state.attributes() instanceof SupplierAttributes supplier
                && first(supplierId, supplier)) {
            screening.screenSupplier(supplierId, supplier, false);
        }
    }

    /**
     * Whether the supplier is not screened with these facts yet in this unit of work (one change can emit several
     * events, e.g. a re-activation together with a new name).
     */
    @SuppressWarnings("unchecked")
    private static boolean first(String supplierId, SupplierAttributes supplier) {
        if (!CurrentUnitOfWork.isStarted()) {
            return true;
        }
        Set<Object> screened = (Set<Object>) CurrentUnitOfWork.get().root().resources()
                .computeIfAbsent(SCREENED, k -> new HashSet<>());
        return screened.add(java.util.List.of(supplierId, ExclusionScreen.screenedFacts(supplier)));
    }
}
