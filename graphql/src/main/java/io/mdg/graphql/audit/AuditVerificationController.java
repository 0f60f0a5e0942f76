package io.mdg.graphql.audit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;

import io.mdg.api.audit.AuditSigningKey;
import io.mdg.api.audit.AuditSigningKeysQuery;
import io.mdg.api.audit.AuditVerification;
import io.mdg.api.audit.VerifyAuditQuery;
import io.mdg.api.error.ErrorCode;
import io.mdg.graphql.error.ApiException;
import io.mdg.graphql.security.Roles;

/**
 * The tamper-evident audit over GraphQL (schema {@code audit.graphqls}): {@code verifyAudit} and the checkpoints'
 * public keys, for auditors and admins. A verification reads up to {@code mdg.audit.verify-max-entries} events, so it
 * is given {@code mdg.audit.verify-timeout} rather than the edge's timeout.
 */
@Controller
@Profile("edge")
public class AuditVerificationController {

    static final String VERIFIERS = "hasAnyRole('" + Roles.AUDITOR + "','" + Roles.ADMIN + "')";

    private final QueryGateway queryGateway;
    private final Duration timeout;

    public AuditVerificationController(QueryGateway queryGateway,
                                       @Value("${mdg.audit.verify-timeout:5m}") Duration timeout) {
        this.queryGateway = queryGateway;
        this.timeout = timeout;
    }

    @QueryMapping
    @PreAuthorize(VERIFIERS)
    public CompletableFuture<AuditVerification> verifyAudit(@Argument Long from, @Argument Long to,
                                                            @Argument String exportedCheckpoints) {
        VerifyAuditQuery query;
        try {
            query = new VerifyAuditQuery(from, to, exportedCheckpoints);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, e.getMessage());
        }
        return queryGateway.query(query, ResponseTypes.instanceOf(AuditVerification.class))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @QueryMapping
    @PreAuthorize(VERIFIERS)
    public CompletableFuture<List<AuditSigningKey>> auditSigningKeys() {
        return queryGateway.query(new AuditSigningKeysQuery(), ResponseTypes.multipleInstancesOf(AuditSigningKey.class))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
