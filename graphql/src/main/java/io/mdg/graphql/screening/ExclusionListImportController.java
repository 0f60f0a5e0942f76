package io.mdg.graphql.screening;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;
import io.mdg.api.screening.ExclusionListImport;
import io.mdg.api.screening.ImportExclusionListCommand;
import io.mdg.graphql.correlation.Correlation;
import io.mdg.graphql.error.ApiErrors;
import io.mdg.graphql.error.ApiException;
import io.mdg.graphql.error.Failures;
import io.mdg.graphql.security.Caller;
import io.mdg.graphql.security.Roles;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Exclusion-list import: {@code POST /screening/exclusion-lists} by an admin with their bearer token, the body the
 * list file as published ({@code text/csv}: the OIG LEIE {@code UPDATED.csv} or a SAM.gov exclusions extract,
 * recognised by the header), optional parameters {@code fileName} and {@code listDate} ({@code yyyy-MM-dd}, the
 * list's publication date; default today). A plain HTTP endpoint rather than a GraphQL mutation because the full LEIE
 * is ~15 MB, above the GraphQL request limit. The list is kept and every ACTIVE supplier is screened against it, in
 * one transaction; the answer is {@code {list, screened, hits, requestsOpened, requestsExisting}} (JSON). A file in
 * neither layout or with a row that cannot be read is refused whole (400, {@code {code: VALIDATION_FAILED,
 * message}} naming line and column) and nothing is kept. At most {@code mdg.screening.max-file-size} (default 64 MB).
 */
@RestController
@Profile("edge")
public class ExclusionListImportController {

    private final CommandGateway commands;
    private final long maxBytes;
    private final Duration timeout;

    public ExclusionListImportController(CommandGateway commands,
                                         @Value("${mdg.screening.max-file-size:64MB}") DataSize maxSize,
                                         @Value("${mdg.screening.import-timeout:10m}") Duration timeout) {
        this.commands = commands;
        this.maxBytes = maxSize.toBytes();
        this.timeout = timeout;
    }

    @PostMapping(path = "/screening/exclusion-lists", consumes = {"text/csv", "text/plain"})
    public ExclusionListImport importList(@RequestParam(required = false) String fileName,
                                          @RequestParam(required = false) String listDate,
                                          HttpServletRequest request, Authentication authentication)
            throws IOException, InterruptedException {
        Caller caller = Caller.from(authentication);
        if (!caller.hasRole(Roles.ADMIN)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "only an admin may import exclusion lists");
        }
        LocalDate date = null;
        if (listDate != null && !listDate.isBlank()) {
            try {
                date = LocalDate.parse(listDate.strip());
            } catch (DateTimeParseException e) {
                throw new ApiException(ErrorCode.BAD_REQUEST, "listDate must be a date yyyy-MM-dd, not '" + listDate
                        + "'");
            }
        }
        Charset charset = request.getCharacterEncoding() == null ? StandardCharsets.UTF_8
                : Charset.forName(request.getCharacterEncoding());
        String content = read(request.getInputStream(), charset);
        ImportExclusionListCommand command = new ImportExclusionListCommand("exclusion-list-" + UUID.randomUUID(),
                fileName, content, date, caller.actor());
        try {
            return commands.<ExclusionListImport>send(Correlation.command(command))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            MdgErrorDetails details = Failures.describe(e instanceof ExecutionException ? e.getCause() : e,
                    "exclusion-list import");
            throw new ApiException(details.code(), details.message());
        }
    }

    private String read(InputStream in, Charset charset) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (bytes.length > maxBytes) {
            throw new ApiException(ErrorCode.REQUEST_TOO_LARGE, "an exclusion-list file may have at most " + maxBytes
                    + " bytes (mdg.screening.max-file-size)");
        }
        return new String(bytes, charset);
    }

    @ExceptionHandler(ApiException.class)
    public ResponseEntity<Map<String, String>> refused(ApiException e) {
        return ApiErrors.response(e);
    }

    @ExceptionHandler(AccessDeniedException.class)
    public ResponseEntity<Map<String, String>> forbidden(AccessDeniedException e) {
        return ApiErrors.response(new ApiException(ErrorCode.FORBIDDEN, "only an admin may import exclusion lists"));
    }
}
