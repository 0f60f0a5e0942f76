package io.mdg.e2e.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.UnExecutableSchemaGenerator;

/**
 * The paths of the GraphQL schema to every field whose type is a golden record type (the {@code MasterRecord}
 * interface, its implementations, lists of them) that can be reached from a root field: walked breadth first, each
 * object type's fields once (the shortest path to each), inline fragments for the implementations of an interface,
 * fields with required arguments left out. A path is a list of steps below the root field: field names and
 * {@code ... on Type} fragments; the empty path is the root field itself.
 */
public final class RecordPaths {

    private static final String RECORD = "MasterRecord";
    /** What every path selects of the record it reaches: enough to decide who may read it. */
    public static final String RECORD_SELECTION = "id sourceRefs { system }";

    private final GraphQLSchema schema;

    private RecordPaths(GraphQLSchema schema) {
        this.schema = schema;
    }

    /** The schema of every {@code .graphqls} file in the directory. */
    public static RecordPaths of(Path schemaDirectory) throws IOException {
        TypeDefinitionRegistry registry = new TypeDefinitionRegistry();
        try (var files = Files.list(schemaDirectory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".graphqls")).sorted().toList()) {
                registry.merge(new SchemaParser().parse(Files.readString(file)));
            }
        }
        return new RecordPaths(UnExecutableSchemaGenerator.makeUnExecutableSchema(registry));
    }

    /** Every path from the query root field to a record field (the root itself first, when it is one). */
    public List<List<String>> fromQuery(String rootField) {
        GraphQLFieldDefinition root = schema.getQueryType().getFieldDefinition(rootField);
        if (root == null) {
            throw new IllegalArgumentException("no query field " + rootField);
        }
        List<List<String>> paths = new ArrayList<>();
        record Step(GraphQLObjectType type, List<String> path) {
        }
        Deque<Step> queue = new ArrayDeque<>();
        GraphQLNamedType rootType = GraphQLTypeUtil.unwrapAll(root.getType());
        if (isRecord(rootType)) {
            paths.add(List.of());
        }
        enqueue(rootType, List.of(), (type, path) -> queue.add(new Step(type, path)));
        Set<String> visited = new HashSet<>();
        while (!queue.isEmpty()) {
            Step step = queue.poll();
            if (!visited.add(step.type().getName())) {
                continue;
            }
            for (GraphQLFieldDefinition field : step.type().getFieldDefinitions().stream()
                    .sorted(Comparator.comparing(GraphQLFieldDefinition::getName)).toList()) {
                GraphQLNamedType type = GraphQLTypeUtil.unwrapAll(field.getType());
                if (!(type instanceof GraphQLFieldsContainer) || hasRequiredArguments(field)) {
                    continue;
                }
                List<String> path = append(step.path(), field.getName());
                if (isRecord(type)) {
                    paths.add(path);
                }
                enqueue(type, path, (t, p) -> queue.add(new Step(t, p)));
            }
        }
        return paths;
    }

    /** The selection of {@code path} below a root field, ending in {@link #RECORD_SELECTION}. */
    public static String selection(List<String> path) {
        String selection = RECORD_SELECTION;
        for (int i = path.size() - 1; i >= 0; i--) {
            selection = path.get(i) + " { " + selection + " }";
        }
        return selection;
    }

    /** The field names of the path (its fragments left out), after the root field's name. */
    public static List<String> fieldNames(String rootField, List<String> path) {
        List<String> names = new ArrayList<>(List.of(rootField));
        path.stream().filter(step -> !step.startsWith("...")).forEach(names::add);
        return names;
    }

    /** The records an answer holds at the end of the path below the root field's value (nulls left out). */
    public static List<JsonNode> records(JsonNode rootValue, List<String> path) {
        List<JsonNode> nodes = flatten(List.of(rootValue));
        for (String step : path) {
            if (step.startsWith("...")) {
                continue; // a fragment of another type leaves the field out of the answer
            }
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : nodes) {
                next.add(node.path(step));
            }
            nodes = flatten(next);
        }
        return nodes;
    }

    private static List<JsonNode> flatten(List<JsonNode> nodes) {
        List<JsonNode> flat = new ArrayList<>();
        for (JsonNode node : nodes) {
            if (node.isArray()) {
                node.forEach(element -> flat.addAll(flatten(List.of(element))));
            } else if (!node.isMissingNode() && !node.isNull()) {
                flat.add(node);
            }
        }
        return flat;
    }

    private boolean isRecord(GraphQLNamedType type) {
        if (type instanceof GraphQLInterfaceType i) {
            return i.getName().equals(RECORD);
        }
        return type instanceof GraphQLObjectType o
                && o.getInterfaces().stream().anyMatch(i -> i.getName().equals(RECORD));
    }

    private void enqueue(GraphQLNamedType type, List<String> path,
                         java.util.function.BiConsumer<GraphQLObjectType, List<String>> queue) {
        if (type instanceof GraphQLInterfaceType i) {
            schema.getImplementations(i).stream().sorted(Comparator.comparing(GraphQLObjectType::getName))
                    .forEach(impl -> queue.accept(impl, append(path, "... on " + impl.getName())));
        } else if (type instanceof GraphQLObjectType o) {
            queue.accept(o, path);
        }
    }

    private static boolean hasRequiredArguments(GraphQLFieldDefinition field) {
        for (GraphQLArgument argument : field.getArguments()) {
            if (argument.getType() instanceof GraphQLNonNull && !argument.hasSetDefaultValue()) {
                return true;
            }
        }
        return false;
    }

    private static List<String> append(List<String> path, String step) {
        List<String> longer = new ArrayList<>(path);
        longer.add(step);
        return List.copyOf(longer);
    }
}
