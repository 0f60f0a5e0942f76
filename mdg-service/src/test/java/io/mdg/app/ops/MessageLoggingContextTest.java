package io.mdg.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.SerializedMessage;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class MessageLoggingContextTest {

    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();

    @Test
    void a_stored_events_correlation_id_is_in_the_mdc_while_it_is_handled_without_deserialising_its_metadata()
            throws Exception {
        SerializedMessage<String> stored = new SerializedMessage<>("e-1",
                serializer.serialize("payload", byte[].class),
                serializer.serialize(MetaData.with("correlationId", "req-42").and("causationId", "c-1"), byte[].class),
                serializer);
        EventMessage<String> event = new GenericEventMessage<>(stored, () -> java.time.Instant.EPOCH);
        AtomicReference<String> seen = new AtomicReference<>();

        DefaultUnitOfWork<EventMessage<String>> unitOfWork = DefaultUnitOfWork.startAndGet(event);
        new MessageLoggingContext(serializer).handle(unitOfWork,
                new DefaultInterceptorChain<>(unitOfWork, java.util.List.of(), m -> {
                    seen.set(MDC.get(MessageLoggingContext.CORRELATION_ID));
                    return null;
                }));
        unitOfWork.commit();

        assertThat(seen.get()).isEqualTo("req-42");
        assertThat(stored.isMetaDataDeserialized()).isFalse();
        assertThat(MDC.get(MessageLoggingContext.CORRELATION_ID)).as("put back after").isNull();
    }

    @Test
    void only_a_top_level_text_field_counts_as_the_correlation_id() throws Exception {
        assertThat(read("{\"trace\":{\"correlationId\":\"inner\"},\"correlationId\":\"outer\"}")).isEqualTo("outer");
        assertThat(read("{\"causationId\":\"c-1\"}")).isNull();
        assertThat(read("{\"correlationId\":42}")).isNull();
        assertThat(read("[\"correlationId\"]")).isNull();
    }

    private static String read(String json) throws Exception {
        return MessageLoggingContext.textField(json.getBytes(StandardCharsets.UTF_8), "correlationId");
    }

    @Test
    void a_command_keeps_its_correlation_id_from_its_metadata() throws Exception {
        var command = org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage("c")
                .andMetaData(Map.of("correlationId", "req-7"));
        AtomicReference<String> seen = new AtomicReference<>();
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(command);
        new MessageLoggingContext().handle(unitOfWork, new DefaultInterceptorChain<>(unitOfWork, java.util.List.of(),
                m -> {
                    seen.set(MDC.get(MessageLoggingContext.CORRELATION_ID));
                    return null;
                }));
        unitOfWork.commit();

        assertThat(seen.get()).isEqualTo("req-7");
    }
}
