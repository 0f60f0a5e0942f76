package io.mdg.app.intake;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.mdg.api.error.ErrorCode;
import io.mdg.graphql.error.ApiErrors;
import io.mdg.graphql.error.ApiException;
import io.mdg.graphql.security.Caller;
import io.mdg.graphql.security.Roles;

/**
 * The inbound queue for admins, with their bearer token (the security chain lets admins only onto
 * {@code /intake/**}): {@code GET /intake/entries/{correlationId}} (what became of a webhook: status, outcome,
 * golden record, change request, reasons), {@code GET /intake/dead-letters?source=&limit=} (oldest first, never the
 * payloads), and {@code POST /intake/dead-letters/{correlationId}/replay} (queued again, e.g. after the mapping
 * file was fixed and the service restarted with it).
 */
@RestController
@Profile("edge")
public class InboundAdminController {

    private static final int MAX_LIMIT = 500;

    private final InboundQueue queue;
    private final InboundWorker worker;
    private final Clock clock = Clock.systemUTC();

    public InboundAdminController(InboundQueue queue, InboundWorker worker) {
        this.queue = queue;
        this.worker = worker;
    }

    @GetMapping("/intake/entries/{correlationId}")
    public InboundQueue.Entry entry(@PathVariable String correlationId, Authentication authentication) {
        admin(authentication);
        return queue.find(correlationId).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND,
                "no inbound entry " + SourceMapping.abbreviate(correlationId)));
    }

    @GetMapping("/intake/dead-letters")
    public List<InboundQueue.Entry> deadLetters(@RequestParam(required = false) String source,
                                                @RequestParam(required = false, defaultValue = "100") int limit,
                                                Authentication authentication) {
        admin(authentication);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "limit must be between 1 and " + MAX_LIMIT);
        }
        return queue.deadLetters(source == null || source.isBlank() ? null : source.strip(), limit);
    }

    @PostMapping("/intake/dead-letters/{correlationId}/replay")
    public InboundQueue.Entry replay(@PathVariable String correlationId, Authentication authentication) {
        admin(authentication);
        if (!queue.replay(correlationId, clock.instant())) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no dead letter " + SourceMapping.abbreviate(correlationId));
        }
        worker.wake();
        return queue.find(correlationId).orElseThrow();
    }

    private static void admin(Authentication authentication) {
        if (!Caller.from(authentication).hasRole(Roles.ADMIN)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "only an admin may read or replay inbound entries");
        }
    }

    @ExceptionHandler(ApiException.class)
    public ResponseEntity<Map<String, String>> refused(ApiException e) {
        return ApiErrors.response(e);
    }

    @ExceptionHandler(AccessDeniedException.class)
    public ResponseEntity<Map<String, String>> forbidden(AccessDeniedException e) {
        return ApiErrors.response(new ApiException(ErrorCode.FORBIDDEN, "only an admin may read or replay inbound "
                + "entries"));
    }
}
