package io.mdg.graphql.hygiene;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The one place of the edge's limits ({@code mdg.graphql.*} in application.yml): what one GraphQL request may ask
 * for and take, and what one caller may take over time. A document over a limit is refused before it is validated
 * or executed, an execution over one is stopped, and a caller over its share is answered HTTP 429 with
 * {@code Retry-After}; every refusal is an error whose {@code extensions.code} names the limit. Later limits (inbound
 * webhooks) extend {@link CallerLimits} and this record.
 *
 * @param maxDepth        deepest field nesting (QUERY_TOO_DEEP); see {@link DocumentShape}
 * @param maxComplexity   fields, multiplied by page sizes ({@code first}) and by the sizes of unpaged lists
 *                        ({@link #listSizes}) before execution; while executing, every field resolved counts once,
 *                        so the real sizes of the lists are held to it too (QUERY_TOO_COMPLEX)
 * @param maxAliases      aliases, fragments expanded (TOO_MANY_ALIASES)
 * @param maxRootFields   root fields of an operation (TOO_MANY_ROOT_FIELDS)
 * @param maxRequestSize  request body of {@code POST /graphql} (default 1 MB = 1 MiB, Spring counts in binary units);
 *                        larger is HTTP 413 (REQUEST_TOO_LARGE)
 * @param maxResponseSize the JSON of one answer (default 2 MiB); larger is refused whole, never truncated
 *                        (RESPONSE_TOO_LARGE)
 * @param timeout         how long one GraphQL execution may run (default 10 s); past it the execution stops resolving
 *                        fields and answers only the error (TIMEOUT)
 * @param defaultListSize the size an unpaged list (a list field without {@code first}) counts in the estimate when
 *                        {@link #listSizes} names no size for it (default 10)
 * @param listSizes       declared sizes of unpaged lists by {@code Type.field} (defaults in {@link #LIST_SIZES});
 *                        a list of a {@code *Page} or {@code *Connection} type is the page its field's {@code first}
 *                        already counts
 * @param perCaller       what one caller (a person, or a source client) may take: see {@link PerCaller}
 * @param submissions     what one source client may submit: see {@link Submissions}
 */
@ConfigurationProperties(prefix = "mdg.graphql")
public record GraphQlLimits(Integer maxDepth, Long maxComplexity, Integer maxAliases, Integer maxRootFields,
                            DataSize maxRequestSize, DataSize maxResponseSize, Duration timeout,
                            Integer defaultListSize, Map<String, Integer> listSizes, PerCaller perCaller,
                            Submissions submissions) {

    /**
     * The declared sizes of the schema's unpaged lists: the sizes the benchmark's data and the demo network have
     * (a contract of 20 lines, an item of up to 4 packaging levels); a larger list passes the estimate and is counted
     * at its real size while executing.
     */
    public static final Map<String, Integer> LIST_SIZES = Map.ofEntries(
            Map.entry("Contract.lines", 20),
            Map.entry("Item.packaging", 4),
            Map.entry("Location.children", 20),
            Map.entry("Supplier.tradingNames", 3),
            Map.entry("Supplier.contacts", 3));

    public GraphQlLimits {
        maxDepth = maxDepth == null ? 12 : maxDepth;
        maxComplexity = maxComplexity == null ? 10_000L : maxComplexity;
        maxAliases = maxAliases == null ? 30 : maxAliases;
        maxRootFields = maxRootFields == null ? 10 : maxRootFields;
        maxRequestSize = maxRequestSize == null ? DataSize.ofMegabytes(1) : maxRequestSize;
        maxResponseSize = maxResponseSize == null ? DataSize.ofMegabytes(2) : maxResponseSize;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        defaultListSize = defaultListSize == null ? 10 : defaultListSize;
        Map<String, Integer> sizes = new LinkedHashMap<>(LIST_SIZES);
        if (listSizes != null) {
            sizes.putAll(listSizes);
        }
        listSizes = Map.copyOf(sizes);
        perCaller = perCaller == null ? new PerCaller(null, null, null, null, null, null, null, null) : perCaller;
        submissions = submissions == null ? new Submissions(null, null, null) : submissions;
    }

    /** The limits with their defaults. */
    public static GraphQlLimits defaults() {
        return new GraphQlLimits(null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The size an unpaged list field counts in the estimate. */
    public long listSize(String type, String field) {
        if (type.endsWith("Connection") || type.endsWith("Page")) {
            return 1;
        }
        return listSizes.getOrDefault(type + "." + field, defaultListSize);
    }

    /**
     * What one caller may take of the GraphQL endpoint, whoever it is (the same for every role, so that one analyst's
     * heavy queries cannot starve a steward): a token bucket of query cost (a query costs its estimated complexity,
     * at least 1; a caller over it is answered 429 with the seconds until its next query would pass) and a number of
     * requests running at once (more wait in line, up to {@code maxQueued} for at most {@code queueWait}; beyond
     * that 429). A cost rate of 0 switches the bucket off, a concurrency of 0 the line.
     *
     * @param costPerSecond complexity points a caller may spend per second (default 200,000: about 13,000
     *                      {@code supplier(id)} or 30 pages of 50 contracts with their lines per second)
     * @param burst         points it may spend at once (default 400,000)
     * @param maxConcurrent its requests running at once (default 4)
     * @param maxQueued     its requests waiting for one of those (default 32)
     * @param queueWait     how long a request waits in line before it is answered 429 (default 5 s)
     * @param heavyCost     the estimated complexity from which a query is heavy (default 1,000: a page of 50
     *                      contracts with their lines is 6,701, a {@code supplier(id)} about 15)
     * @param maxHeavy      its heavy queries running at once (default 1; 0: no limit): measured on two cores
     *                      (benchmark figure 8), an analyst's 16 heavy pages got the same answers per second with one
     *                      running as with four, while four running took the steward's p99 from 28 to 341 ms
     * @param clientMaxConcurrent a source client's requests running at once (default 64; 0: no limit), and as many
     *                      may wait: a source client's requests are submissions, which wait for their group commit
     *                      (not for CPU) and are bounded by the submissions bucket; an ERP sends them from many
     *                      threads (benchmark figure 2: 64 clients). Its heavy queries still take its one heavy slot
     */
    public record PerCaller(Double costPerSecond, Double burst, Integer maxConcurrent, Integer maxQueued,
                            Duration queueWait, Long heavyCost, Integer maxHeavy, Integer clientMaxConcurrent) {

        public PerCaller {
            clientMaxConcurrent = clientMaxConcurrent == null ? 64 : clientMaxConcurrent;
            heavyCost = heavyCost == null ? 1_000L : heavyCost;
            maxHeavy = maxHeavy == null ? 1 : maxHeavy;
            costPerSecond = costPerSecond == null ? 200_000d : costPerSecond;
            burst = burst == null ? 2 * costPerSecond : burst;
            maxConcurrent = maxConcurrent == null ? 4 : maxConcurrent;
            maxQueued = maxQueued == null ? 32 : maxQueued;
            queueWait = queueWait == null ? Duration.ofSeconds(5) : queueWait;
        }
    }

    /**
     * What one source client may submit: a token bucket of submissions (a GraphQL submission or batch over it is
     * refused whole with RATE_LIMITED; a file import slows down instead; a rate of 0 switches it off), and how many
     * entries of one batch or import are sent at once.
     *
     * @param perSecond submissions per second per client (default 5,000)
     * @param burst     submissions at once (default 10,000)
     * @param inFlight  entries of one batch or import in flight (default 256: group commit puts them in few transactions)
     */
    public record Submissions(Double perSecond, Double burst, Integer inFlight) {
        public Submissions {
            perSecond = perSecond == null ? 5_000d : perSecond;
            burst = burst == null ? 2 * perSecond : burst;
            inFlight = inFlight == null ? 256 : inFlight;
        }
    }
}
