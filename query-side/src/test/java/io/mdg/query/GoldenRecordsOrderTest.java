package io.mdg.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;

import io.mdg.query.changerequest.ChangeRequestProjection;
import io.mdg.query.record.RecordProjection;
import io.mdg.query.xref.CrossReferenceProjection;

/**
 * Within the golden-records group the golden record is stored last for every event, so a reader that finds a record
 * also finds its cross-references and change requests. Axon registers a group's handler beans in the order Spring's
 * comparator gives them (its {@code EventHandlerRegistrar}), and invokes them in that order.
 */
class GoldenRecordsOrderTest {

    @Test
    void the_golden_records_handler_comes_after_every_other_handler_of_its_group_whatever_the_bean_order() {
        List<Class<?>> handlers = new ArrayList<>(List.of(RecordProjection.class, CrossReferenceProjection.class,
                ChangeRequestProjection.class));

        handlers.sort((a, b) -> AnnotationAwareOrderComparator.INSTANCE.compare(new Marker(a), new Marker(b)));

        assertThat(handlers).last().isEqualTo(RecordProjection.class);
    }

    /** The comparator reads {@code @Order} from an instance's class: a stand-in carrying the handler's order. */
    private record Marker(Class<?> type) implements org.springframework.core.Ordered {
        @Override
        public int getOrder() {
            Integer order = org.springframework.core.annotation.OrderUtils.getOrder(type);
            return order == null ? LOWEST_PRECEDENCE : order;
        }
    }
}
