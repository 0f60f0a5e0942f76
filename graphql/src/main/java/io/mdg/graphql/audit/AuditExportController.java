package io.mdg.graphql.audit;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.mdg.api.EntityType;
import io.mdg.api.SourceSystem;
import io.mdg.api.audit.AuditAction;
import io.mdg.api.audit.AuditEntry;
import io.mdg.api.audit.AuditFilter;
import io.mdg.api.audit.AuditPage;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;
import io.mdg.graphql.error.ApiErrors;
import io.mdg.graphql.error.ApiException;
import io.mdg.graphql.error.Failures;
import io.mdg.graphql.hygiene.RequestSizes;
import io.mdg.graphql.security.Access;
import io.mdg.graphql.security.Roles;
import io.mdg.graphql.security.SensitiveReads;
import io.mdg.graphql.settings.EdgeSettings;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /audit/export.csv} for auditors and admins: the audit trail filtered as in GraphQL ({@code recordId},
 * {@code actor}, {@code sourceSystem}, {@code changeRequestId}, {@code correlationId}, {@code from} and {@code to} as
 * ISO-8601 instants with offset, {@code recordType}, {@code action} repeatable), streamed page by page in trail order
 * as CSV ({@link AuditCsv}) with {@code Content-Disposition: attachment}. Bank account values are masked by the same
 * rule as in GraphQL. A bad parameter is answered 400 with a JSON body {@code {code, message}} before anything is
 * streamed; a failure after the first page has gone out ends the download early (the client sees a truncated file,
 * never a wrong one).
 */
@RestController
@Profile("edge")
public class AuditExportController {

    static final String EXPORT_READERS = "hasAnyRole('" + Roles.AUDITOR + "','" + Roles.ADMIN + "')";
    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final AuditReader reader;
    private final Duration timeout;
    private final Access access;
    private final RequestSizes sizes;

    private final SensitiveReads sensitiveReads;

    public AuditExportController(AuditReader reader, EdgeSettings settings, Access access, RequestSizes sizes,
                                 SensitiveReads sensitiveReads) {
        this.sensitiveReads = sensitiveReads;
        this.reader = reader;
        this.access = access;
        this.sizes = sizes;
        this.timeout = settings.timeout();
    }

    @GetMapping("/audit/export.csv")
    @PreAuthorize(EXPORT_READERS)
    public void export(@RequestParam(required = false) String recordId, @RequestParam(required = false) String actor,
                       @RequestParam(required = false) String sourceSystem,
                       @RequestParam(required = false) String changeRequestId,
                       @RequestParam(required = false) String correlationId,
                       @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                       @RequestParam(required = false) String recordType,
                       @RequestParam(name = "action", required = false) List<String> actions,
                       Authentication authentication, HttpServletResponse response) throws IOException {
        AuditFilter filter = new AuditFilter(blankToNull(recordId), blankToNull(actor),
                enumValue(SourceSystem.class, "sourceSystem", sourceSystem), blankToNull(changeRequestId),
                blankToNull(correlationId), instant("from", from), instant("to", to),
                enumValue(EntityType.class, "recordType", recordType),
                actions == null ? null : actions.stream().map(a -> enumValue(AuditAction.class, "action", a)).toList());
        AuditMasking masking = AuditMasking.of(authentication, access, sensitiveReads);
        AuditPage page = next(filter, null);

        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(CSV.toString());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-trail.csv\"");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        AuditCsv.header(out);
        while (true) {
            for (AuditPage.Edge edge : page.edges()) {
                AuditEntry entry = masking.apply(edge.node());
                AuditCsv.entry(out, entry);
            }
            out.flush();
            if (!page.hasNextPage()) {
                break;
            }
            page = next(filter, page.endCursor());
        }
        out.flush();
    }

    private AuditPage next(AuditFilter filter, String after) {
        try {
            return reader.page(filter, after, sizes.maxPage()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.TIMEOUT, "the export was interrupted");
        } catch (TimeoutException e) {
            throw new ApiException(ErrorCode.TIMEOUT, "the audit trail did not answer in time; retrying is safe");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            // a refusal the query side described (e.g. UNAVAILABLE while the read store is down) keeps its code
            MdgErrorDetails details = Failures.describe(e, "the audit export");
            throw new ApiException(details.code(), details.code() == ErrorCode.INTERNAL
                    ? "the audit trail could not be read; see the service log" : details.message());
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Instant instant(String name, String value) {
        String v = blankToNull(value);
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED,
                    name + " must be an ISO-8601 instant with offset, e.g. 2026-03-01T00:00:00Z");
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String name, String value) {
        String v = blankToNull(value);
        if (v == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, name + " '" + v + "' is not one of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    @ExceptionHandler(ApiException.class)
    public ResponseEntity<Map<String, String>> refused(ApiException e) {
        return ApiErrors.response(e);
    }

    @ExceptionHandler(AccessDeniedException.class)
    public ResponseEntity<Map<String, String>> forbidden(AccessDeniedException e) {
        return ApiErrors.response(new ApiException(ErrorCode.FORBIDDEN, "only auditors and admins may export the audit trail"));
    }
}
