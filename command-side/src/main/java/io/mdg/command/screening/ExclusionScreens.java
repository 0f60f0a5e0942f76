package io.mdg.command.screening;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import io.mdg.api.screening.ExclusionListView;
import io.mdg.rules.screening.ExclusionScreen;
import io.mdg.rules.screening.ScreeningRules;

/**
 * The blocked indexes ({@link ExclusionScreen}) of the exclusion lists in force, built once per process and list
 * (and rules: a changed threshold builds it again), so that screening one supplier at onboarding or after a change
 * costs a look-up in memory, never a read of the list: the first screening after a start reads the list's kept
 * entries once (tens of thousands of rows for the full LEIE, about a second); an import hands over the index it
 * built once its transaction has committed. Indexes of lists no longer in force are dropped.
 *
 * <p>Which lists are in force is read from the table at most every {@code refresh} (1 s by default,
 * {@code mdg.screening.lists-refresh}), not once per screened change on the ingest path; an import on this process
 * makes the next screening read it again at once, so on one node a supplier created after an import's answer is
 * always screened against that list; another node sharing the database sees it within {@code refresh}.
 */
public class ExclusionScreens {

    private record Built(ScreeningRules rules, ExclusionScreen screen) {
    }

    private record InForce(List<ExclusionListView> lists, long readAt) {
    }

    private final ExclusionListStore store;
    private final long refreshNanos;
    private final ConcurrentMap<String, Built> built = new ConcurrentHashMap<>();
    private volatile InForce inForce;

    public ExclusionScreens(ExclusionListStore store, Duration refresh) {
        this.store = store;
        this.refreshNanos = refresh.toNanos();
    }

    /** The lists in force ({@link ExclusionListStore#inForce}), read again when older than the refresh interval. */
    public List<ExclusionListView> inForce() {
        InForce known = inForce;
        long now = System.nanoTime();
        if (known != null && now - known.readAt() < refreshNanos) {
            return known.lists();
        }
        List<ExclusionListView> lists = List.copyOf(store.inForce());
        inForce = new InForce(lists, now);
        retain(lists);
        return lists;
    }

    /** The index of {@code list} under {@code rules}, built from its kept entries when this process has none. */
    public ExclusionScreen of(ExclusionListView list, ScreeningRules rules) {
        Built known = built.get(list.listId());
        if (known != null && known.rules().equals(rules)) {
            return known.screen();
        }
        synchronized (this) {
            known = built.get(list.listId());
            if (known != null && known.rules().equals(rules)) {
                return known.screen();
            }
            ExclusionScreen screen = new ExclusionScreen(store.entries(list.listId()), list.listDate(), rules);
            built.put(list.listId(), new Built(rules, screen));
            return screen;
        }
    }

    /** Keeps the index an import built for its list, once the import has committed (a rolled-back list is not). */
    public void keepAfterCommit(String listId, ScreeningRules rules, ExclusionScreen screen) {
        Runnable keep = () -> {
            built.put(listId, new Built(rules, screen));
            inForce = null;
        };
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(u -> keep.run());
        } else {
            keep.run();
        }
    }

    /** Drops the indexes of the lists that are no longer in force. */
    public void retain(Collection<ExclusionListView> inForce) {
        if (built.size() > inForce.size()) {
            Set<String> ids = inForce.stream().map(ExclusionListView::listId).collect(Collectors.toSet());
            built.keySet().retainAll(ids);
        }
    }

    /** How many indexes are held (for tests and operations). */
    public int size() {
        return built.size();
    }
}
