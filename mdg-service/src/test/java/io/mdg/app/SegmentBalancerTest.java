package io.mdg.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.mdg.postgres.PostgresPerClass;

class SegmentBalancerTest {

    @RegisterExtension
    static final PostgresPerClass postgres = new PostgresPerClass();

    @BeforeEach
    void noNodes() {
        postgres.dropTables(java.util.List.of(SegmentBalancer.TABLE));
    }

    @Test
    void a_node_keeps_its_fair_share_of_a_processors_segments() {
        assertThat(SegmentBalancer.surplus(2, 2, 1)).isZero();
        assertThat(SegmentBalancer.surplus(2, 2, 2)).isOne();
        assertThat(SegmentBalancer.surplus(4, 4, 3)).isEqualTo(2);
        assertThat(SegmentBalancer.surplus(1, 4, 3)).isZero();
        assertThat(SegmentBalancer.surplus(3, 3, 0)).isZero();
    }

    @Test
    void the_node_holding_every_segment_releases_one_when_a_second_node_runs_the_processor_and_keeps_node_local_ones() {
        StreamingEventProcessor audit = processor(0, 1);
        StreamingEventProcessor local = processor(0, 1);
        SegmentBalancer first = balancer(Map.of("audit-trail", audit, "golden-records", local));
        first.balance();
        verify(audit, never()).releaseSegment(anyInt(), anyLong(), any());

        SegmentBalancer second = balancer(Map.of("audit-trail", processor()));
        second.balance();
        first.balance();

        verify(audit).releaseSegment(eq(1), anyLong(), eq(TimeUnit.MILLISECONDS));
        verify(audit, never()).releaseSegment(eq(0), anyLong(), any());
        verify(local, never()).releaseSegment(anyInt(), anyLong(), any());

        // the second node is gone (its row, as when it stopped or stopped recording itself): alone again, the first
        // keeps what it holds
        postgres.jdbc().update("DELETE FROM " + SegmentBalancer.TABLE + " WHERE processors = ARRAY['audit-trail']");
        first.balance();
        verify(audit).releaseSegment(eq(1), anyLong(), eq(TimeUnit.MILLISECONDS)); // still the one release
    }

    private static StreamingEventProcessor processor(int... segments) {
        StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
        Map<Integer, EventTrackerStatus> status = new java.util.HashMap<>();
        for (int segment : segments) {
            status.put(segment, mock(EventTrackerStatus.class));
        }
        when(processor.processingStatus()).thenReturn(status);
        return processor;
    }

    /** A node: its processors; two segments each; golden-records with its tokens in memory. */
    private static SegmentBalancer balancer(Map<String, StreamingEventProcessor> processors) {
        EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
        when(processing.eventProcessors()).thenReturn(Map.copyOf(processors));
        TokenStore shared = mock(TokenStore.class);
        when(shared.fetchSegments(any())).thenReturn(new int[] {0, 1});
        when(processing.tokenStore(eq("audit-trail"))).thenReturn(shared);
        when(processing.tokenStore(eq("golden-records"))).thenReturn(new InMemoryTokenStore());
        return new SegmentBalancer(postgres.dataSource(), processing, Duration.ofSeconds(5));
    }
}
