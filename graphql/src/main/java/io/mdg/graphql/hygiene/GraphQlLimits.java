package io.mdg.graphql.hygiene;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * What the edge accepts in one GraphQL request ({@code mdg.graphql.*} in application.yml). A request over a limit is
 * refused before it is validated or executed, with an error whose {@code extensions.code} names the limit.
 *
 * @param maxDepth          deepest field nesting (QUERY_TOO_DEEP); see {@link DocumentShape}
 * @param maxComplexity     fields, multiplied by page sizes ({@code first}) (QUERY_TOO_COMPLEX)
 * @param maxAliases        aliases, fragments expanded (TOO_MANY_ALIASES)
 * @param maxRootFields     root fields of an operation (TOO_MANY_ROOT_FIELDS)
 * @param maxRequestSize    request body of {@code POST /graphql} (default 1 MB = 1 MiB, Spring counts in binary units);
 *                          larger is HTTP 413 (REQUEST_TOO_LARGE)
 */
@ConfigurationProperties(prefix = "mdg.graphql")
public record GraphQlLimits(Integer maxDepth, Long maxComplexity, Integer maxAliases, Integer maxRootFields,
                            DataSize maxRequestSize) {

    public GraphQlLimits {
        maxDepth = maxDepth == null ? 12 : maxDepth;
        maxComplexity = maxComplexity == null ? 10_000L : maxComplexity;
        maxAliases = maxAliases == null ? 30 : maxAliases;
        maxRootFields = maxRootFields == null ? 10 : maxRootFields;
        maxRequestSize = maxRequestSize == null ? DataSize.ofMegabytes(1) : maxRequestSize;
    }
}
