package io.mdg.app.ops;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.mdg.api.Actor;
import io.mdg.api.SourceRef;

/**
 * Puts what identifies a message's request into the logging MDC while the message is handled, so that every log
 * line of its handling (and the structured JSON logs, which include the MDC) can be found by it:
 * {@value #CORRELATION_ID} (the metadata Axon carries from the edge's request onto every command, event and
 * deadline), {@value #ACTOR} and {@value #SOURCE_SYSTEM} (from the payload's {@code actor()} and {@code source()}
 * accessors, where it has them) and {@value #MESSAGE} (the payload type). The previous values are put back after,
 * so a command handled on the edge's request thread leaves the request's own MDC as it was.
 *
 * <p>At DEBUG ({@code logging.level.io.mdg.app.ops=DEBUG}) it logs one line per message handled, with its time:
 * with the MDC, the trail of one request through the command side and every projection. Never logs or keeps
 * message contents: only these identifiers.
 */
public final class MessageLoggingContext implements MessageHandlerInterceptor<Message<?>> {

    public static final String CORRELATION_ID = "correlationId";
    private static final Logger log = LoggerFactory.getLogger(MessageLoggingContext.class);
    public static final String ACTOR = "actor";
    public static final String SOURCE_SYSTEM = "sourceSystem";
    public static final String MESSAGE = "messageType";

    /** The {@code actor()} and {@code source()} accessors of a payload type, looked up once per type. */
    private static final ClassValue<Accessors> ACCESSORS = new ClassValue<>() {
        @Override
        protected Accessors computeValue(Class<?> type) {
            return new Accessors(accessor(type, "actor", Actor.class), accessor(type, "source", SourceRef.class));
        }
    };

    record Accessors(Method actor, Method source) {
    }

    private static final JsonFactory JSON = new JsonFactory();

    /** The event store's serializer, for an event processor's events; null on a command bus. */
    private final Serializer eventSerializer;

    /** For a command bus: the messages' metadata is read as it is. */
    public MessageLoggingContext() {
        this(null);
    }

    /**
     * For an event processor: the correlation id is read from the event's stored metadata without deserialising it
     * (a projection that needs no metadata never pays for it: 14 % of the golden records' rebuild did, measured).
     */
    public MessageLoggingContext(Serializer eventSerializer) {
        this.eventSerializer = eventSerializer;
    }

    @Override
    public Object handle(UnitOfWork<? extends Message<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Message<?> message = unitOfWork.getMessage();
        Map<String, String> values = new HashMap<>();
        values.put(CORRELATION_ID, correlationId(message));
        values.put(MESSAGE, message.getPayloadType().getSimpleName());
        Object payload = message.getPayload();
        if (payload != null) {
            Accessors accessors = ACCESSORS.get(payload.getClass());
            invoke(accessors.actor(), payload).map(a -> ((Actor) a).name()).ifPresent(a -> values.put(ACTOR, a));
            invoke(accessors.source(), payload).map(s -> ((SourceRef) s).system().name())
                    .ifPresent(s -> values.put(SOURCE_SYSTEM, s));
        }
        Map<String, String> previous = new HashMap<>();
        values.forEach((key, value) -> {
            previous.put(key, MDC.get(key));
            put(key, value);
        });
        long started = System.nanoTime();
        boolean failed = true;
        try {
            Object result = chain.proceed();
            failed = false;
            return result;
        } finally {
            if (log.isDebugEnabled()) {
                log.debug("Handled {} {} in {} ms{}", values.get(MESSAGE), message.getIdentifier(),
                        (System.nanoTime() - started) / 1_000_000, failed ? " (failed)" : "");
            }
            previous.forEach(MessageLoggingContext::put);
        }
    }

    private String correlationId(Message<?> message) {
        if (eventSerializer != null && message instanceof EventMessage<?>) {
            try {
                return textField(message.serializeMetaData(eventSerializer, byte[].class).getData(), CORRELATION_ID);
            } catch (IOException | RuntimeException unreadable) {
                // the metadata as Axon reads it, below
            }
        }
        Object correlationId = message.getMetaData().get(CORRELATION_ID);
        return correlationId == null ? null : correlationId.toString();
    }

    /** The text of a top-level field of a JSON object; null when it has none (or not as text). */
    static String textField(byte[] json, String name) throws IOException {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean wanted = name.equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (wanted) {
                    return value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return null;
        }
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    private static Method accessor(Class<?> type, String name, Class<?> returnType) {
        try {
            Method method = type.getMethod(name);
            return returnType.isAssignableFrom(method.getReturnType()) ? method : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Optional<Object> invoke(Method method, Object target) {
        if (method == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(method.invoke(target));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
