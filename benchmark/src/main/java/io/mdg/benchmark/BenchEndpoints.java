package io.mdg.benchmark;

import java.nio.charset.StandardCharsets;

import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP stack's ceiling for figure 4: a bare endpoint of the service that answers a constant JSON body of about
 * the size of a {@code supplier(id)} answer, behind the same security filter chain (a valid token is required), so
 * that the difference to {@code supplier(id)} is GraphQL, the query bus and the read store. Exists only under the
 * {@code bench} profile, which only the benchmark activates; it lives in the benchmark jar, never in the product's.
 */
@RestController
@Profile("bench")
public class BenchEndpoints {

    public static final String PATH = "/bench/constant";

    public static final byte[] BODY = ("{\"data\":{\"supplier\":{\"id\":\"00000000-0000-0000-0000-000000000000\","
            + "\"version\":0,\"status\":\"ACTIVE\",\"legalName\":\"Acme Medical No. 1 Inc.\",\"taxId\":\"12-1000000\","
            + "\"duns\":\"100000001\",\"gln\":\"0870000000017\",\"orderingAddress\":{\"line1\":\"11 Commerce Drive\","
            + "\"city\":\"Chicago\",\"region\":\"IL\",\"postalCode\":\"60601\",\"country\":\"US\"},"
            + "\"screeningStatus\":\"CLEAR\"}}}").getBytes(StandardCharsets.UTF_8);

    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> constant() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(BODY);
    }
}
