package io.mdg.graphql.security;

import static io.mdg.graphql.Fixtures.acme;
import static io.mdg.graphql.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.axonframework.messaging.responsetypes.ResponseType;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.test.context.TestPropertySource;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.record.ChangeLifecycleCommand;
import io.mdg.api.record.FindRecordQuery;
import io.mdg.graphql.EdgeTest;

/**
 * The API enforces the rules file's access rules and request limits, not constants of its own: with an operator's
 * file in which items are stewarded by {@code materials-manager}, only {@code treasury} sees bank accounts in full, a
 * page holds at most 5 and a batch at most 3 entries, those roles and limits hold and the shipped file's do not.
 */
@TestPropertySource(properties = "mdg.rules.file=src/test/resources/rules/operator-rules.yaml")
class OperatorRulesGraphQlTest extends EdgeTest {

    @Test
    void the_bank_account_readers_of_the_rules_file_see_bank_accounts_in_full_and_no_one_else() throws Exception {
        given(acme());

        graphql("supplier", Map.of("id", "s-1"), user("tess.treasury", "analyst", "treasury"))
                .andExpect(jsonPath("$.data.supplier.bankAccount.accountNumber").value("123456789"));
        for (String role : List.of("supplier-steward", "auditor")) {
            graphql("supplier", Map.of("id", "s-1"), user("someone", role))
                    .andExpect(jsonPath("$.data.supplier.bankAccount.accountNumber").value("*****6789"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_approver_role_of_the_rules_file_stewards_its_domain_and_the_shipped_role_does_not() throws Exception {
        var item = record("i-1", 4, ItemAttributes.described("Glove"));
        when(queryGateway.query(eq(new FindRecordQuery(EntityType.ITEM, "i-1")), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(Optional.of(item)));
        when(commandGateway.send(any())).thenReturn(CompletableFuture.completedFuture(null));
        Map<String, String> retire = Map.of("type", "ITEM", "id", "i-1", "status", "RETIRED", "reason", "obsolete");

        graphql("changeLifecycle", retire, user("ian.item", "item-steward"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
        verify(commandGateway, never()).send(any());

        graphql("changeLifecycle", retire, user("mia.materials", "materials-manager"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.changeLifecycle.version").value(4));
        ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
        verify(commandGateway).send(sent.capture());
        assertThat(payload(sent.getValue())).isEqualTo(new ChangeLifecycleCommand(EntityType.ITEM, "i-1",
                LifecycleStatus.RETIRED, "obsolete", Actor.user("mia.materials")));
    }

    @Test
    void a_page_or_a_batch_larger_than_the_rules_files_limits_is_refused_with_the_limit() throws Exception {
        graphql("suppliersPage", Map.of("first", 6), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString(
                        "first must be between 1 and 5")));
        graphql("changeRequests", Map.of("first", 6), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString(
                        "first must be between 1 and 5")));

        List<Map<String, String>> four = List.of(Map.of("sourceId", "V-1"), Map.of("sourceId", "V-2"),
                Map.of("sourceId", "V-3"), Map.of("sourceId", "V-4"));
        graphql("submitBatch", Map.of("input", Map.of("suppliers", four)), sourceClient("erp", "ERP"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString(
                        "a batch holds at most 3 entries; this one has 4")));
        verify(commandGateway, never()).send(any());
    }

    @Test
    void the_console_shows_its_views_by_the_rules_files_steward_roles() throws Exception {
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/console/config.json"))
                .andExpect(jsonPath("$.stewardRoles.ITEM").value("materials-manager"))
                .andExpect(jsonPath("$.roles", org.hamcrest.Matchers.hasItem("materials-manager")))
                .andExpect(jsonPath("$.roles", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("item-steward"))));
    }
}
