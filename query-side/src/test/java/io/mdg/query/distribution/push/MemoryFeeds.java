package io.mdg.query.distribution.push;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.mdg.api.EntityType;
import io.mdg.query.distribution.ConsumerFeedSource;
import io.mdg.query.distribution.FeedItem;

/**
 * Consumers' feeds in memory, appended to by the test: each entry a small CloudEvents 1.0 JSON object. Remembers the
 * largest page it was asked for (a reader must never read more than one page at a time).
 */
final class MemoryFeeds implements ConsumerFeedSource {

    private final Map<String, List<FeedItem>> feeds = new HashMap<>();
    private final AtomicInteger largestPage = new AtomicInteger();
    private final List<java.util.function.Consumer<String>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger reading = new AtomicInteger();
    private final AtomicInteger mostReadingAtOnce = new AtomicInteger();
    private volatile long readPauseMillis;

    /** Appends a change committed now. */
    FeedItem append(String consumerId, EntityType type, String recordId, long version, String kind) {
        return append(consumerId, type, recordId, version, kind, Instant.now(), null);
    }

    synchronized FeedItem append(String consumerId, EntityType type, String recordId, long version, String kind,
                                 Instant committedAt, String correlationId) {
        List<FeedItem> feed = feeds.computeIfAbsent(consumerId, k -> new ArrayList<>());
        long seq = feed.size() + 1;
        String id = "evt-" + recordId + "-v" + version + "-" + consumerId + "-" + seq;
        String json = "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/mdg\",\"type\":\"io.mdg.record."
                + kind.toLowerCase() + "\",\"subject\":\"" + type + "/" + recordId + "\",\"time\":\"" + committedAt
                + "\",\"data\":{\"id\":\"" + recordId + "\",\"version\":" + version + ",\"name\":\"Gaze steril 10×10\"}}";
        FeedItem item = new FeedItem(seq, id, type, recordId, version, kind, committedAt, correlationId,
                json.getBytes(StandardCharsets.UTF_8));
        feed.add(item);
        return item;
    }

    /** Appends a change committed now whose envelope's {@code data} is {@code data} (JSON). */
    synchronized FeedItem appendWithData(String consumerId, EntityType type, String recordId, long version,
                                         String kind, String data) {
        List<FeedItem> feed = feeds.computeIfAbsent(consumerId, k -> new ArrayList<>());
        long seq = feed.size() + 1;
        String id = "evt-" + recordId + "-v" + version + "-" + consumerId + "-" + seq;
        String json = "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/mdg\",\"type\":\"io.mdg.record."
                + kind.toLowerCase() + "\",\"subject\":\"" + type + "/" + recordId + "\",\"data\":" + data + "}";
        FeedItem item = new FeedItem(seq, id, type, recordId, version, kind, Instant.now(), null,
                json.getBytes(StandardCharsets.UTF_8));
        feed.add(item);
        return item;
    }

    @Override
    public List<FeedItem> after(String consumerId, long afterSeq, int limit) {
        // the delivery workers' reads (their steps run on its scheduler's threads), not a status reader's
        boolean worker = Thread.currentThread().getName().startsWith("mdg-push-");
        if (worker) {
            mostReadingAtOnce.accumulateAndGet(reading.incrementAndGet(), Math::max);
        }
        try {
            if (readPauseMillis > 0) {
                Thread.sleep(readPauseMillis); // a slow database: a read takes a while
            }
            synchronized (this) {
                largestPage.accumulateAndGet(limit, Math::max);
                List<FeedItem> feed = feeds.getOrDefault(consumerId, List.of());
                int from = (int) Math.min(afterSeq, feed.size());
                return List.copyOf(feed.subList(from, Math.min(feed.size(), from + limit)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } finally {
            if (worker) {
                reading.decrementAndGet();
            }
        }
    }

    @Override
    public synchronized Map<String, FeedItem> latest(String consumerId, EntityType type, Map<String, Long> through) {
        Map<String, FeedItem> latest = new HashMap<>();
        for (FeedItem item : feeds.getOrDefault(consumerId, List.of())) {
            Long bound = through.get(item.recordId());
            if (item.recordType() == type && bound != null && item.seq() <= bound) {
                latest.put(item.recordId(), item);
            }
        }
        return latest;
    }

    @Override
    public void onAppended(java.util.function.Consumer<String> listener) {
        listeners.add(listener);
    }

    /** Tells the listeners the consumer's feed got entries, as the fan-out does after each commit. */
    void appended(String consumerId) {
        listeners.forEach(listener -> listener.accept(consumerId));
    }

    /** Each read of a page takes this long from now on. */
    void slowReads(long millis) {
        readPauseMillis = millis;
    }

    /** The most reads by delivery workers under way at one time (one consumer's worker never reads twice at once). */
    int mostReadingAtOnce() {
        return mostReadingAtOnce.get();
    }

    @Override
    public synchronized long head(String consumerId) {
        return feeds.getOrDefault(consumerId, List.of()).size();
    }

    synchronized List<String> ids(String consumerId) {
        return feeds.getOrDefault(consumerId, List.of()).stream().map(FeedItem::id).toList();
    }

    int largestPage() {
        return largestPage.get();
    }
}
