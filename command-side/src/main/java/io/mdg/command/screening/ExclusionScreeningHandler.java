package io.mdg.command.screening;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

import io.mdg.rules.InForce;
import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.screening.ExclusionEntry;
import io.mdg.api.screening.ExclusionListImport;
import io.mdg.api.screening.ExclusionListImportedEvent;
import io.mdg.api.screening.ExclusionListView;
import io.mdg.api.screening.ImportExclusionListCommand;
import io.mdg.api.screening.RescreenSuppliersCommand;
import io.mdg.api.screening.ScreeningHit;
import io.mdg.api.screening.ScreeningRequest;
import io.mdg.api.screening.ScreeningResult;
import io.mdg.api.screening.SupplierScreenedEvent;
import io.mdg.command.changerequest.ChangeRequests;
import io.mdg.command.lookup.CommandLookups;
import io.mdg.command.record.CommandRefusedException;
import io.mdg.rules.record.RecordFacts;
import io.mdg.rules.screening.ExclusionListException;
import io.mdg.rules.screening.ExclusionListReader;
import io.mdg.rules.screening.ExclusionScreen;
import io.mdg.rules.screening.ScreeningRules;

/**
 * Exclusion-list imports and screenings, each in one unit of work and transaction: the file is read whole (refused
 * whole, naming line and column, when it cannot be), kept ({@link ExclusionListStore}) and its import recorded as an
 * event; then every ACTIVE supplier (from the command side's lookup table, written in the same database) is screened
 * against the entries in force on the list date ({@link ExclusionScreen}). Each screening is an event of the
 * supplier's {@link SupplierScreening}; each hit opens a HIGH-risk suspension request for the supplier stewards
 * ({@link ChangeRequests#openScreeningSuspension}), unless the request that an earlier screening opened for the same
 * entry is still pending or was decided (a steward's rejection is the clearance of that entry). Nothing is cleared
 * automatically: a supplier without hits only has its screening recorded.
 *
 * <p>Between imports, {@link #screenSupplier} screens one supplier the same way against the lists in force (the
 * latest of each layout, {@link ExclusionScreens#inForce}), from their indexes in memory ({@link ExclusionScreens}):
 * when it is created or re-activated, or when a name, its tax id or an address field the matching reads changes
 * ({@link SupplierScreeningPolicy}, in that change's own unit of work).
 */
public class ExclusionScreeningHandler {

    /**
     * An earlier request for the same entry in one of these states means no new one: still PENDING (no duplicate),
     * REJECTED (a steward cleared the hit: the clearance stands for that entry; a new exclusion is a new entry) or
     * APPROVED (the supplier was suspended for it; re-activating it later was a steward's decision too). An EXPIRED
     * request (nobody decided) is opened again.
     */
    private static final java.util.Set<ChangeRequestStatus> DECIDED_OR_PENDING = java.util.EnumSet.of(
            ChangeRequestStatus.PENDING, ChangeRequestStatus.REJECTED, ChangeRequestStatus.APPROVED);

    private final ExclusionListStore store;
    private final ExclusionScreens screens;
    private final CommandLookups lookups;
    private final ChangeRequests changeRequests;
    private final Repository<SupplierScreening> screenings;
    private final Repository<ImportedExclusionList> lists;
    private final InForce<ScreeningRules> rules;
    private final Clock clock;

    public ExclusionScreeningHandler(ExclusionListStore store, ExclusionScreens screens, CommandLookups lookups,
                                     ChangeRequests changeRequests, Repository<SupplierScreening> screenings,
                                     Repository<ImportedExclusionList> lists, InForce<ScreeningRules> rules,
                                     Clock clock) {
        this.store = store;
        this.screens = screens;
        this.lookups = lookups;
        this.changeRequests = changeRequests;
        this.screenings = screenings;
        this.lists = lists;
        this.rules = rules;
        this.clock = clock;
    }

    @CommandHandler
    public ExclusionListImport handle(ImportExclusionListCommand command) throws Exception {
        ExclusionListReader.ExclusionList read;
        try {
            read = ExclusionListReader.read(new StringReader(command.content()));
        } catch (ExclusionListException e) {
            throw new CommandRefusedException(ErrorCode.VALIDATION_FAILED, "EXCLUSION_LIST_UNREADABLE",
                    "the exclusion list was not imported: " + e.getMessage());
        }
        if (store.find(command.listId()).isPresent()) {
            throw new CommandRefusedException(ErrorCode.CONFLICT, "EXCLUSION_LIST_EXISTS",
                    "an exclusion list " + command.listId() + " was imported already");
        }
        Instant now = clock.instant();
        LocalDate listDate = command.listDate() != null ? command.listDate() : LocalDate.ofInstant(now, ZoneOffset.UTC);
        ScreeningRules inForce = rules.now();
        ExclusionScreen screen = new ExclusionScreen(read.entries(), listDate, inForce);
        ExclusionListImportedEvent imported = new ExclusionListImportedEvent(command.listId(), read.format(),
                command.fileName(), sha256(command.content()), read.entries().size(), screen.inForce(), listDate,
                command.actor());
        store.save(imported, now, read.entries());
        screens.keepAfterCommit(imported.listId(), inForce, screen);
        lists.newInstance(() -> new ImportedExclusionList(imported));
        ExclusionListView list = new ExclusionListView(imported.listId(), imported.format(), imported.fileName(),
                imported.sha256(), imported.rows(), imported.inForce(), listDate, now, command.actor());
        return screenActiveSuppliers(list, screen, command.actor());
    }

    @CommandHandler
    public ExclusionListImport handle(RescreenSuppliersCommand command) throws Exception {
        ExclusionListView list = store.find(command.listId()).orElseThrow(() -> new CommandRefusedException(
                ErrorCode.NOT_FOUND, "NOT_FOUND", "no exclusion list " + command.listId()));
        return screenActiveSuppliers(list, screens.of(list, rules.now()), command.actor());
    }

    /**
     * Screens one supplier against each list in force, as an import screens every ACTIVE supplier (same matching,
     * reasons, suspension request per hit unless one for the entry is pending or decided), in the caller's unit of
     * work; requested by the system ({@link ChangeRequests#SCREENING_ACTOR}). Nothing when no list was imported.
     *
     * @param isNew true for a supplier created in this unit of work (it has no screenings to read yet)
     * @return the requests of its hits (opened now, or the earlier ones), of every list
     */
    public List<ScreeningRequest> screenSupplier(String supplierId, SupplierAttributes supplier, boolean isNew)
            throws Exception {
        List<ExclusionListView> inForce = screens.inForce();
        List<ScreeningRequest> requests = new ArrayList<>();
        boolean mayExist = !isNew;
        for (ExclusionListView list : inForce) {
            List<ScreeningHit> hits = screens.of(list, rules.now()).screen(supplier);
            requests.addAll(screenOne(supplierId, list, hits, ChangeRequests.SCREENING_ACTOR, mayExist));
            mayExist = true; // its first screening has just been recorded
        }
        return requests;
    }

    private ExclusionListImport screenActiveSuppliers(ExclusionListView list, ExclusionScreen screen, Actor actor)
            throws Exception {
        List<RecordFacts> suppliers = new ArrayList<>();
        lookups.forEach(EntityType.SUPPLIER, LifecycleStatus.ACTIVE, suppliers::add);
        int hits = 0;
        int opened = 0;
        int existing = 0;
        for (RecordFacts supplier : suppliers) {
            List<ScreeningHit> found = screen.screen((SupplierAttributes) supplier.attributes());
            List<ScreeningRequest> requests = screenOne(supplier.id(), list, found, actor, true);
            hits += found.isEmpty() ? 0 : 1;
            opened += (int) requests.stream().filter(ScreeningRequest::opened).count();
            existing += (int) requests.stream().filter(r -> !r.opened()).count();
        }
        return new ExclusionListImport(list, suppliers.size(), hits, opened, existing);
    }

    /** @param mayExist false: the supplier was never screened (no need to read its screenings) */
    private List<ScreeningRequest> screenOne(String supplierId, ExclusionListView list, List<ScreeningHit> hits,
                                             Actor actor, boolean mayExist) throws Exception {
        String screeningId = SupplierScreenedEvent.screeningId(supplierId);
        Aggregate<SupplierScreening> screening = null;
        if (mayExist) {
            try {
                screening = screenings.load(screeningId);
            } catch (AggregateNotFoundException e) {
                screening = null;
            }
        }
        Map<String, String> known = screening == null ? Map.of() : screening.invoke(SupplierScreening::requests);
        List<ScreeningRequest> requests = new ArrayList<>();
        for (ScreeningHit hit : hits) {
            String key = hit.entry().entryKey();
            String earlier = known.get(key);
            if (earlier != null && DECIDED_OR_PENDING.contains(changeRequests.request(earlier).status())) {
                requests.add(new ScreeningRequest(key, earlier, false));
            } else {
                requests.add(new ScreeningRequest(key,
                        changeRequests.openScreeningSuspension(supplierId, reason(list, hit)), true));
            }
        }
        SupplierScreenedEvent screened = new SupplierScreenedEvent(screeningId, supplierId, list.listId(),
                list.format(), list.listDate(), hits.isEmpty() ? ScreeningResult.CLEAR : ScreeningResult.HIT, hits,
                requests, actor);
        if (screening == null) {
            screenings.newInstance(() -> new SupplierScreening(screened));
        } else {
            screening.execute(s -> s.record(screened));
        }
        return requests;
    }

    /**
     * What the stewards read on the request: the list, the entry, and why it matched. A change request's reason is
     * kept in its events and read models as it is, so an individual (personal data) is named there by the list line
     * only: the name, address and reasons are in the supplier's screening hits, which are kept encrypted.
     */
    static String reason(ExclusionListView list, ScreeningHit hit) {
        ExclusionEntry entry = hit.entry();
        if (entry.individual()) {
            return "HIGH risk: exclusion-list hit, " + list.format() + " list of " + list.listDate() + " ("
                    + list.listId() + "), an individual listed on line " + entry.line() + ", score "
                    + String.format(java.util.Locale.ROOT, "%.2f", hit.score()) + ": who is listed, where and why "
                    + "the supplier matched are in its screening hits (screeningHits). Approve to suspend the "
                    + "supplier; rejecting (with the reason) clears this hit.";
        }
        String where = java.util.stream.Stream.of(entry.street(), entry.city(), entry.state(), entry.zip())
                .filter(v -> v != null && !v.isBlank()).collect(Collectors.joining(", "));
        return "HIGH risk: exclusion-list hit, " + list.format() + " list of " + list.listDate() + " (" + list.listId()
                + "), entry '" + entry.name() + "'" + (where.isEmpty() ? "" : " at " + where) + ", score "
                + String.format(java.util.Locale.ROOT, "%.2f", hit.score()) + ": " + String.join("; ", hit.reasons())
                + ". Approve to suspend the supplier; rejecting (with the reason) clears this hit.";
    }

    private static String sha256(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
