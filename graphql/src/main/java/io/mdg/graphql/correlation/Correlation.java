package io.mdg.graphql.correlation;

import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;


/**
 * The correlation id of the request being served: the caller's {@code X-Correlation-Id}, else the trace id of a W3C
 * {@code traceparent}, else a new one. It travels as the {@value #META_DATA_KEY} metadata of every command the edge
 * sends; Axon copies it onto every event and deadline that follows ({@code MessageOriginProvider} with this key as
 * its trace key), so that the events, the audit trail, the change-request decisions and the log lines of one request
 * can be found by it. Each command's own message id is the causation ({@code causationId} on its events): the
 * entries of a batch share the batch's correlation id and have one causation each.
 *
 * <p>Held in a thread local that {@link CorrelationIdFilter} sets for the request's thread; Spring for GraphQL
 * carries it into the data fetchers (it is registered with Micrometer's context-propagation registry), and
 * {@link #wrap} carries it onto the threads that send the entries of a batch or an import.
 */
public final class Correlation {

    /** The HTTP request and response header. */
    public static final String HEADER = "X-Correlation-Id";
    /** The W3C trace-context header whose trace id is used when there is no {@value #HEADER}. */
    public static final String TRACEPARENT = "traceparent";
    /** The message metadata key (and the logging MDC key). */
    public static final String META_DATA_KEY = "correlationId";
    /** The metadata key of the message that directly caused an event (the command's id). */
    public static final String CAUSATION_KEY = "causationId";
    /** The key under which the thread local is registered for context propagation. */
    public static final String CONTEXT_KEY = "mdg.correlationId";

    /** What a caller's correlation id may look like (anything else is replaced, never logged). */
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");
    private static final Pattern TRACEPARENT_FORMAT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");

    static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private Correlation() {
    }

    /** The current request's correlation id; a new one outside a request (e.g. a scheduled task). */
    public static String current() {
        String id = CURRENT.get();
        return id != null ? id : newId();
    }

    /** The current request's correlation id, if a request is being served. */
    public static java.util.Optional<String> find() {
        return java.util.Optional.ofNullable(CURRENT.get());
    }

    /**
     * The command as a message carrying the current correlation id, and the idempotency key of the mutation being
     * resolved if it has one and no command took it yet ({@link IdempotencyClaims#take}).
     */
    public static <C> CommandMessage<C> command(C payload) {
        CommandMessage<C> message = GenericCommandMessage.<C>asCommandMessage(payload)
                .andMetaData(Map.of(META_DATA_KEY, current()));
        return IdempotencyClaims.take().map(claim -> message.andMetaData(claim.metaData())).orElse(message);
    }

    /** The task, run with the correlation id current now (for tasks handed to another thread). */
    public static <T> Supplier<T> wrap(Supplier<T> task) {
        String id = CURRENT.get();
        return () -> {
            String previous = CURRENT.get();
            set(id);
            try {
                return task.get();
            } finally {
                set(previous);
            }
        };
    }

    /**
     * Runs the task with {@code id} as the current correlation id, on this thread: work done later for an earlier
     * request (an inbound webhook's queued payload, sent through governance with the id its sender was given).
     */
    public static <T> T with(String id, Supplier<T> task) {
        String previous = CURRENT.get();
        set(id);
        try {
            return task.get();
        } finally {
            set(previous);
        }
    }

    /** The id to use for a request with these header values (either may be null). */
    static String resolve(String header, String traceparent) {
        if (header != null && ACCEPTED.matcher(header.strip()).matches()) {
            return header.strip();
        }
        if (traceparent != null) {
            var match = TRACEPARENT_FORMAT.matcher(traceparent.strip());
            if (match.matches() && !match.group(1).equals("0".repeat(32))) {
                return match.group(1);
            }
        }
        return newId();
    }

    static void set(String id) {
        if (id == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(id);
        }
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
