package io.mdg.graphql.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.GraphQlSource;

import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLDirective;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.diff.DiffCategory;
import graphql.schema.diff.DiffLevel;
import graphql.schema.diff.SchemaDiff;
import graphql.schema.diff.SchemaDiffSet;
import graphql.schema.diff.reporting.CapturingReporter;
import graphql.schema.idl.SchemaPrinter;
import io.mdg.graphql.EdgeTest;

/**
 * The published API: {@code graphql/api/schema.graphqls} is the schema clients were promised, and the schema the
 * edge runs must not break it. graphql-java's schema diff compares the two: a breaking change (a type, field,
 * argument or enum value removed, a type changed, an argument made required) fails unless it was published
 * deliberately, i.e. the file itself was changed with it (README, "API versioning"). Additions fail too, until they
 * are published, so that the file is always the schema that runs. Publish with
 * {@code ./mvnw -pl graphql test -Dtest=SchemaContractTest -Dmdg.schema.publish=true} and commit the file.
 */
class SchemaContractTest extends EdgeTest {

    /** The published schema, relative to the graphql module (Maven runs the tests there). */
    static final Path PUBLISHED = Path.of(System.getProperty("basedir", "."), "api", "schema.graphqls");

    private static final Pattern DATED = Pattern.compile(".*\\b\\d{4}-\\d{2}-\\d{2}\\b.*", Pattern.DOTALL);

    @Autowired
    GraphQlSource source;

    @Test
    void the_running_schema_keeps_every_promise_of_the_published_one() throws IOException {
        String running = print(source.schema());
        if (Boolean.getBoolean("mdg.schema.publish")) {
            Files.createDirectories(PUBLISHED.getParent());
            Files.writeString(PUBLISHED, running, StandardCharsets.UTF_8);
        }
        assertThat(PUBLISHED).as("the published schema").exists();
        String published = Files.readString(PUBLISHED, StandardCharsets.UTF_8);

        CapturingReporter reporter = new CapturingReporter();
        new SchemaDiff().diffSchema(SchemaDiffSet.diffSetFromSdl(published, running), reporter);
        List<String> breaking = new ArrayList<>();
        reporter.getBreakages().forEach(event -> breaking.add(event.getCategory() + " " + event.getTypeName()
                + (event.getFieldName() != null ? "." + event.getFieldName() : "") + ": " + event.getReasonMsg()));
        assertThat(breaking)
                .as("breaking changes to the published API (%s); if deliberate, publish them with "
                        + "-Dmdg.schema.publish=true and follow README's versioning policy", PUBLISHED)
                .isEmpty();
        assertThat(running)
                .as("the running schema differs from the published one without breaking it (e.g. an addition): "
                        + "publish it with ./mvnw -pl graphql test -Dtest=SchemaContractTest -Dmdg.schema.publish=true")
                .isEqualTo(published);
    }

    @Test
    void the_diff_finds_a_removed_field_breaking_and_an_added_one_not() {
        String before = "type Query { a: String b: Int }";
        CapturingReporter removed = new CapturingReporter();
        new SchemaDiff().diffSchema(SchemaDiffSet.diffSetFromSdl(before, "type Query { a: String }"), removed);
        assertThat(removed.getBreakages()).extracting(event -> event.getCategory()).containsExactly(DiffCategory.MISSING);

        CapturingReporter added = new CapturingReporter();
        new SchemaDiff().diffSchema(SchemaDiffSet.diffSetFromSdl(before, "type Query { a: String b: Int c: ID }"),
                added);
        assertThat(added.getBreakages()).isEmpty();
        assertThat(added.getInfos()).anyMatch(event -> event.getLevel() == DiffLevel.INFO);
    }

    @Test
    void every_deprecation_gives_a_reason_and_the_date_it_was_deprecated() {
        List<String> undated = new ArrayList<>();
        for (GraphQLNamedType type : source.schema().getAllTypesAsList()) {
            if (type.getName().startsWith("__")) {
                continue;
            }
            if (type instanceof GraphQLFieldsContainer fields) {
                for (GraphQLFieldDefinition field : fields.getFieldDefinitions()) {
                    check(type.getName() + "." + field.getName(), field.isDeprecated(), field.getDeprecationReason(),
                            undated);
                    for (GraphQLArgument argument : field.getArguments()) {
                        check(type.getName() + "." + field.getName() + "(" + argument.getName() + ")",
                                argument.isDeprecated(), argument.getDeprecationReason(), undated);
                    }
                }
            }
            if (type instanceof GraphQLInputObjectType input) {
                input.getFieldDefinitions().forEach(field -> check(type.getName() + "." + field.getName(),
                        field.isDeprecated(), field.getDeprecationReason(), undated));
            }
            if (type instanceof GraphQLEnumType enumType) {
                enumType.getValues().forEach(value -> check(type.getName() + "." + value.getName(),
                        value.isDeprecated(), value.getDeprecationReason(), undated));
            }
        }
        assertThat(undated).as("deprecations without a reason naming their date (YYYY-MM-DD)").isEmpty();
    }

    private static void check(String what, boolean deprecated, String reason, List<String> undated) {
        if (deprecated && (reason == null || !DATED.matcher(reason).matches())) {
            undated.add(what + ": " + reason);
        }
    }

    /**
     * The schema as SDL, in a stable order, with its scalars and directives as clients see them; the definitions of
     * the directives every graphql-java schema has (@skip, @deprecated, ...) are left out, so that a new graphql-java
     * version does not change the published file by itself.
     */
    static String print(GraphQLSchema schema) {
        Set<String> builtIn = GraphQLSchema.newSchema()
                .query(GraphQLObjectType.newObject().name("Query")
                        .field(field -> field.name("any").type(graphql.Scalars.GraphQLString)))
                .build().getDirectives().stream().map(GraphQLDirective::getName).collect(Collectors.toSet());
        return new SchemaPrinter(SchemaPrinter.Options.defaultOptions()
                .includeScalarTypes(true)
                .includeDirectives(true)
                .includeDirectiveDefinition(name -> !builtIn.contains(name))
                .includeSchemaDefinition(false))
                .print(schema).lines().map(String::stripTrailing).collect(Collectors.joining("\n")) + "\n";
    }
}
