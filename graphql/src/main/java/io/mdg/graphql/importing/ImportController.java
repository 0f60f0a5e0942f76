package io.mdg.graphql.importing;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.api.EntityType;
import io.mdg.api.error.ErrorCode;
import io.mdg.graphql.error.ApiErrors;
import io.mdg.graphql.error.ApiException;
import io.mdg.graphql.security.Caller;
import io.mdg.graphql.submission.SubmissionInput;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * File imports for initial loads: {@code POST /import/{type}} ({@code supplier}, {@code item}, {@code contract},
 * {@code location}) by a source client with its bearer token, the body {@code application/x-ndjson} (one JSON
 * object per line, in the shape of the GraphQL submission input) or {@code text/csv} (see {@link CsvRows} for the
 * columns). Every row goes the way of a GraphQL submission (source system and actor from the token). The answer,
 * {@code application/x-ndjson}, streams one line per row, {@code {row, sourceId, outcome, goldenId, errors}}, then
 * {@code {"summary": {rows, created, updated, unchanged, stale, rejected, failed}}}. A malformed row gets its own
 * REJECTED line and the import goes on. A file refused as a whole (unknown type, unusable CSV header) and a caller
 * that is not a source client are answered with an HTTP error and a JSON body {@code {code, message}}.
 */
@RestController
@Profile("edge")
public class ImportController {

    public static final String NDJSON = "application/x-ndjson";

    private final Importer importer;
    private final ObjectMapper rowMapper;
    private final ObjectMapper lineMapper;

    public ImportController(Importer importer, ObjectMapper objectMapper) {
        this.importer = importer;
        this.rowMapper = objectMapper.copy()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.lineMapper = objectMapper.copy().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    @PostMapping(path = "/import/{type}", consumes = {NDJSON, "text/csv"})
    public void importRecords(@PathVariable String type, HttpServletRequest request, HttpServletResponse response,
                              Authentication authentication) throws IOException {
        Caller caller = Caller.from(authentication);
        caller.requireSourceSystem();
        Class<? extends SubmissionInput> input = SubmissionInput.inputClass(entityType(type));
        Charset charset = request.getCharacterEncoding() == null ? StandardCharsets.UTF_8
                : Charset.forName(request.getCharacterEncoding());
        Reader body = new InputStreamReader(request.getInputStream(), charset);
        RowSource rows = MediaType.parseMediaType(request.getContentType()).isCompatibleWith(MediaType.valueOf("text/csv"))
                ? CsvRows.open(body, rowMapper, input)
                : new NdjsonRows(body, rowMapper, input);

        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(NDJSON);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        OutputStream out = response.getOutputStream();
        importer.run(caller, rows, line -> {
            lineMapper.writeValue(out, line);
            out.write('\n');
            out.flush();
        });
    }

    private static EntityType entityType(String type) {
        try {
            return EntityType.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST,
                    "unknown record type '" + type + "'; use supplier, item, contract or location");
        }
    }

    @ExceptionHandler(ApiException.class)
    public ResponseEntity<Map<String, String>> refused(ApiException e) {
        return ApiErrors.response(e);
    }

    @ExceptionHandler(AccessDeniedException.class)
    public ResponseEntity<Map<String, String>> forbidden(AccessDeniedException e) {
        return ApiErrors.response(new ApiException(ErrorCode.FORBIDDEN, "only a source-system client may import"));
    }
}
