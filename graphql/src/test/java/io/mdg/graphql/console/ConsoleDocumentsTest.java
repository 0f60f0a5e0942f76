package io.mdg.graphql.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import graphql.ExecutionInput;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.UnExecutableSchemaGenerator;

/**
 * The duplicates view's GraphQL documents, as the console's modules build them, are valid against the service's
 * schema for every record type: the candidates query and the merge mutation, and the comparison and after-merge
 * queries with each type's fields from records.js (its {@code TYPES}, the console's one place for per-type fields).
 * The consumers view's queries and its replay mutation (consumers.js) likewise. The placeholders the modules
 * interpolate are filled in here by name; one left unfilled fails the test. Without a browser (ConsoleIT is skipped
 * where Chromium is missing) this is what notices a field the schema no longer has.
 */
class ConsoleDocumentsTest {

    private static final List<String> TYPES = List.of("SUPPLIER", "ITEM", "CONTRACT", "LOCATION");

    private static GraphQLSchema schema;
    private static String records;
    private static String duplicates;
    private static String names;
    private static String consumers;

    @BeforeAll
    static void load() throws IOException {
        TypeDefinitionRegistry registry = new TypeDefinitionRegistry();
        SchemaParser parser = new SchemaParser();
        Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:graphql/**/*.graphqls");
        assertThat(files).isNotEmpty();
        for (Resource file : files) {
            try (InputStream in = file.getInputStream()) {
                registry.merge(parser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        schema = UnExecutableSchemaGenerator.makeUnExecutableSchema(registry);
        records = module("records.js");
        duplicates = module("duplicates.js");
        names = template(module("inbox.js"), "export const NAMES = `");
        consumers = module("consumers.js");
    }

    @Test
    void the_candidates_query_and_the_merge_mutation_are_valid() {
        assertValid(resolve(template(duplicates, "const CANDIDATES = `"), Map.of("NAMES", names)));
        assertValid(resolve(template(duplicates, "const MERGE = `"), Map.of()));
    }

    @Test
    void the_consumers_views_documents_are_valid() {
        for (String name : List.of("CONSUMERS", "PARKED", "REPLAY", "DELIVERED", "FEED")) {
            assertValid(resolve(template(consumers, "const " + name + " = `"), Map.of()));
        }
        // and every document the module sends is one of those (a new one must be added above)
        assertThat(Pattern.compile("(?m)^const (\\w+) = `").matcher(consumers).results().map(r -> r.group(1)))
                .containsExactlyInAnyOrder("CONSUMERS", "PARKED", "REPLAY", "DELIVERED", "FEED");
    }

    @Test
    void the_inbox_decision_and_audit_views_ask_for_a_delegates_decisions_validly() throws IOException {
        String inbox = template(module("inbox.js"), "const INBOX = `");
        String request = template(module("decision.js"), "const REQUEST = `");
        String trail = template(module("audit.js"), "const TRAIL = `");
        assertThat(inbox).contains("decidableAsDelegateFor");
        assertThat(request).contains("decidableAsDelegateFor").contains("onBehalfOf");
        assertThat(trail).contains("onBehalfOf");
        assertValid(resolve(inbox, Map.of("NAMES", names)));
        assertValid(resolve(request, Map.of("NAMES", names)));
        assertValid(resolve(trail, Map.of()));
    }

    @Test
    void the_comparison_and_after_merge_queries_are_valid_for_every_type() {
        String selection = template(duplicates, "const selection = `");
        String pair = template(duplicates, "return `query Pair");
        String merged = template(duplicates, "return `query Merged");
        for (String type : TYPES) {
            Map<String, String> spec = spec(type);
            Map<String, String> values = new LinkedHashMap<>();
            values.put("spec.fields", spec.get("fields"));
            values.put("spec.query", spec.get("query"));
            values.put("TYPES[type].query", spec.get("query"));
            values.put("selection", resolve(selection, values));
            assertValid(resolve("query Pair" + pair, values));
            assertValid(resolve("query Merged" + merged, values));
        }
    }

    @Test
    void every_attribute_the_comparison_shows_is_a_field_of_the_type() {
        for (String type : TYPES) {
            Map<String, String> spec = spec(type);
            GraphQLFieldDefinition query = schema.getQueryType().getFieldDefinition(spec.get("query"));
            assertThat(query).as("query field %s", spec.get("query")).isNotNull();
            GraphQLObjectType record = (GraphQLObjectType) GraphQLTypeUtil.unwrapAll(query.getType());
            List<String> attributes = quoted(spec.get("attributes"));
            assertThat(attributes).as("%s attributes", type).isNotEmpty();
            for (String attribute : attributes) {
                assertThat(record.getFieldDefinition(attribute)).as("%s.%s", record.getName(), attribute).isNotNull();
                assertThat(spec.get("fields")).as("%s fields select %s", type, attribute)
                        .containsPattern("(^|\\s)" + Pattern.quote(attribute) + "(\\s|$)");
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String module(String name) throws IOException {
        try (InputStream in = ConsoleDocumentsTest.class.getResourceAsStream("/static/console/js/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The text of the template literal that starts right after {@code opening} (which ends with its backtick). */
    private static String template(String source, String opening) {
        int start = source.indexOf(opening);
        assertThat(start).as("'%s' in the module", opening).isNotNegative();
        int from = start + opening.length();
        return source.substring(from, source.indexOf('`', from));
    }

    /** One record type's entry of records.js's TYPES: its query field, fields and attributes (as written there). */
    private static Map<String, String> spec(String type) {
        Matcher block = Pattern.compile("\\n  " + type + ": \\{(.*?)\\n  \\},", Pattern.DOTALL).matcher(records);
        assertThat(block.find()).as("records.js TYPES.%s", type).isTrue();
        String entry = block.group(1);
        Map<String, String> spec = new LinkedHashMap<>();
        spec.put("query", group(entry, "query: '(\\w+)'"));
        spec.put("fields", group(entry, "fields: `([^`]*)`"));
        spec.put("attributes", group(entry, "attributes: \\[([^\\]]*)\\]"));
        return spec;
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
        assertThat(m.find()).as(regex).isTrue();
        return m.group(1);
    }

    private static List<String> quoted(String list) {
        return Pattern.compile("'(\\w+)'").matcher(list).results().map(r -> r.group(1)).toList();
    }

    /** Fills in {@code ${name}} placeholders; none may be left. */
    private static String resolve(String template, Map<String, String> values) {
        String text = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace("${" + value.getKey() + "}", value.getValue());
        }
        assertThat(text).as("unfilled placeholder in %s", template).doesNotContain("${");
        return text;
    }

    private static void assertValid(String document) {
        ParseAndValidateResult result = ParseAndValidate.parseAndValidate(schema,
                ExecutionInput.newExecutionInput(document).build());
        assertThat(result.getErrors()).as(document).isEmpty();
    }
}
