package io.mdg.graphql.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import org.axonframework.messaging.responsetypes.ResponseType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.consumer.ChangeKind;
import io.mdg.api.consumer.ConsumerChangePage;
import io.mdg.api.consumer.ConsumerChangesQuery;
import io.mdg.api.consumer.ConsumerDelivery;
import io.mdg.api.consumer.ConsumerSettings;
import io.mdg.api.consumer.ConsumerSubscription;
import io.mdg.api.consumer.ConsumerView;
import io.mdg.api.consumer.FindConsumerQuery;
import io.mdg.graphql.EdgeTest;

/**
 * A consumer's change feed paged from its end: {@code latest: true} answers the feed's last entries, and each page's
 * {@code previous} reads the page before it, back to the feed's start; {@code cursor} reads on as before. The feed
 * here is a stand-in of twelve entries (places 1 to 12, as the query side numbers them) behind the mocked gateway.
 */
class ConsumerFeedGraphQlTest extends EdgeTest {

    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");
    private static final long HEAD = 12;
    private final List<ConsumerChangesQuery> asked = new ArrayList<>();

    @BeforeEach
    @SuppressWarnings("unchecked")
    void feed() {
        ConsumerSettings settings = new ConsumerSettings("Inventory", "inventory",
                new ConsumerSubscription(Set.of(EntityType.SUPPLIER), Map.of(), null, Set.of()),
                ConsumerDelivery.PULL, null, Duration.ofMinutes(5));
        when(queryGateway.query(any(FindConsumerQuery.class), any(ResponseType.class))).thenReturn(CompletableFuture
                .completedFuture(Optional.of(new ConsumerView("c-inv", settings, T, Actor.user("ada.admin"), T,
                        Actor.user("ada.admin"), null))));
        when(queryGateway.query(any(ConsumerChangesQuery.class), eq(ConsumerChangePage.class))).thenAnswer(call -> {
            ConsumerChangesQuery query = call.getArgument(0);
            asked.add(query);
            List<ConsumerChangePage.Change> changes = LongStream.rangeClosed(query.afterSeq() + 1,
                            Math.min(HEAD, query.afterSeq() + query.limit()))
                    .mapToObj(seq -> new ConsumerChangePage.Change(seq, "evt-" + seq, ChangeKind.CHANGED,
                            EntityType.SUPPLIER, "s-" + seq, seq, T.plusSeconds(seq), null, "{}"))
                    .toList();
            return CompletableFuture.completedFuture(new ConsumerChangePage(changes, HEAD));
        });
    }

    @Test
    void the_latest_page_is_the_feeds_end_and_previous_pages_back_to_its_start() throws Exception {
        JsonNode latest = page(Map.of("consumer", "c-inv", "first", 5, "latest", true));
        assertThat(seqs(latest)).containsExactly(8L, 9L, 10L, 11L, 12L);
        assertThat(latest.path("hasMore").asBoolean()).isFalse();
        assertThat(asked).containsExactly(new ConsumerChangesQuery("c-inv", 0, 0), new ConsumerChangesQuery("c-inv", 7, 5));

        JsonNode before = page(Map.of("consumer", "c-inv", "first", 5, "after", latest.path("previous").asText()));
        assertThat(seqs(before)).containsExactly(3L, 4L, 5L, 6L, 7L);
        assertThat(before.path("hasMore").asBoolean()).isTrue();
        // newer again: the page's cursor reads on where it ended
        JsonNode newer = page(Map.of("consumer", "c-inv", "first", 5, "after", before.path("cursor").asText()));
        assertThat(seqs(newer)).containsExactly(8L, 9L, 10L, 11L, 12L);

        JsonNode start = page(Map.of("consumer", "c-inv", "first", 5, "after", before.path("previous").asText()));
        assertThat(seqs(start)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(start.path("previous").isNull()).isTrue();
        assertThat(page(Map.of("consumer", "c-inv")).path("previous").isNull()).isTrue();
    }

    @Test
    void a_feed_shorter_than_a_page_is_all_on_the_latest_page() throws Exception {
        JsonNode latest = page(Map.of("consumer", "c-inv", "first", 50, "latest", true));
        assertThat(seqs(latest)).hasSize(12).startsWith(1L).endsWith(12L);
        assertThat(latest.path("previous").isNull()).isTrue();
    }

    @Test
    void latest_with_after_is_refused_and_only_admins_or_the_consumers_client_read() throws Exception {
        Map<String, Object> both = new HashMap<>(Map.of("consumer", "c-inv", "latest", true));
        both.put("after", page(Map.of("consumer", "c-inv", "first", 5)).path("cursor").asText());
        graphql("changes", both, user("ada.admin", "admin"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("VALIDATION_FAILED"));
        asked.clear();
        graphql("changes", Map.of("consumer", "c-inv", "latest", true), user("sam.supplier", "supplier-steward"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
        assertThat(asked).isEmpty();
        verify(commandGateway, never()).send(any());
    }

    private JsonNode page(Map<String, ?> variables) throws Exception {
        String body = graphql("changes", variables, user("ada.admin", "admin"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andReturn().getResponse().getContentAsString();
        return json.readTree(body).path("data").path("changes");
    }

    private static List<Long> seqs(JsonNode page) {
        List<Long> seqs = new ArrayList<>();
        page.path("changes").forEach(c -> seqs.add(c.path("seq").asLong()));
        return seqs;
    }
}
