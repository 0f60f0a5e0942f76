package io.mdg.graphql.hygiene;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import graphql.language.Argument;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.VariableReference;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.InputValueWithState;

/**
 * The size of a GraphQL document, measured on its syntax tree before validation and execution, so that an abusive
 * document is refused before it costs anything:
 * <ul>
 *   <li><b>depth</b>: the deepest nesting of fields (a root field is depth 1; fragments add no depth);</li>
 *   <li><b>complexity</b>: one per field, where the selection under a field with a {@code first} argument counts
 *       {@code first} times (the literal, the variable's value, or the schema's default: a page of 50 suppliers
 *       with 10 fields costs 1 + 50 x 10), and the selection under any other list field counts its declared size
 *       ({@link ListSizes}; a contract's 20 lines of 3 fields cost 1 + 20 x 3);</li>
 *   <li><b>aliases</b>: fields with an alias, fragments expanded where they are used;</li>
 *   <li><b>root fields</b>: fields at the top of an operation.</li>
 * </ul>
 * Fragments are measured once each and reused (memoised), so a document whose fragments expand exponentially
 * ("fragment bomb") is measured in time linear in its length; counts saturate at {@link Long#MAX_VALUE}. Fragment
 * cycles and unknown fragments count as nothing (validation refuses them). Introspection fields ({@code __schema},
 * {@code __type}, {@code __typename}) add aliases but no depth or complexity (introspection is off in production
 * and graphql-java limits its repetition). Every operation in the document is measured and the largest figures
 * kept.
 */
public record DocumentShape(int depth, long complexity, long aliases, int rootFields) {

    /** The size an unpaged list field (a list without {@code first}) counts: by its type's and its own name. */
    @FunctionalInterface
    public interface ListSizes {
        long of(String type, String field);
    }

    /** Measures every operation of the document against the schema with the request's variables. */
    public static DocumentShape of(Document document, GraphQLSchema schema, Map<String, Object> variables,
                                   ListSizes listSizes) {
        return new Measure(document, schema, variables == null ? Map.of() : variables, listSizes).all();
    }

    private record Size(int depth, long complexity, long aliases) {
        static final Size NONE = new Size(0, 0, 0);

        Size plus(Size other) {
            return new Size(Math.max(depth, other.depth), add(complexity, other.complexity),
                    add(aliases, other.aliases));
        }
    }

    private static final class Measure {

        private final Map<String, FragmentDefinition> fragments = new HashMap<>();
        private final Map<String, Size> measured = new HashMap<>();
        private final Set<String> measuring = new HashSet<>();
        private final Document document;
        private final GraphQLSchema schema;
        private final Map<String, Object> variables;
        private final ListSizes listSizes;

        Measure(Document document, GraphQLSchema schema, Map<String, Object> variables, ListSizes listSizes) {
            this.document = document;
            this.schema = schema;
            this.variables = variables;
            this.listSizes = listSizes;
            document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
        }

        DocumentShape all() {
            int depth = 0;
            long complexity = 0;
            long aliases = 0;
            int rootFields = 0;
            for (OperationDefinition operation : document.getDefinitionsOfType(OperationDefinition.class)) {
                GraphQLType root = switch (operation.getOperation()) {
                    case MUTATION -> schema.getMutationType();
                    case SUBSCRIPTION -> schema.getSubscriptionType();
                    default -> schema.getQueryType();
                };
                Size size = selections(operation.getSelectionSet(), root, false);
                depth = Math.max(depth, size.depth());
                complexity = Math.max(complexity, size.complexity());
                aliases = Math.max(aliases, size.aliases());
                rootFields = Math.max(rootFields, countRootFields(operation.getSelectionSet(), new HashSet<>()));
            }
            return new DocumentShape(depth, complexity, aliases, rootFields);
        }

        private Size selections(SelectionSet set, GraphQLType parent, boolean introspection) {
            Size total = Size.NONE;
            if (set == null) {
                return total;
            }
            for (Selection<?> selection : set.getSelections()) {
                if (selection instanceof Field field) {
                    total = total.plus(field(field, parent, introspection));
                } else if (selection instanceof InlineFragment inline) {
                    GraphQLType type = inline.getTypeCondition() == null ? parent
                            : schema.getType(inline.getTypeCondition().getName());
                    total = total.plus(selections(inline.getSelectionSet(), type, introspection));
                } else if (selection instanceof FragmentSpread spread) {
                    total = total.plus(fragment(spread.getName(), introspection));
                }
            }
            return total;
        }

        private Size field(Field field, GraphQLType parent, boolean introspection) {
            boolean meta = introspection || field.getName().startsWith("__");
            GraphQLFieldDefinition definition = parent instanceof GraphQLFieldsContainer container
                    ? container.getFieldDefinition(field.getName()) : null;
            GraphQLType type = definition == null ? null : GraphQLTypeUtil.unwrapAll(definition.getType());
            Size children = selections(field.getSelectionSet(), type, meta);
            long alias = field.getAlias() == null ? 0 : 1;
            if (meta) {
                return new Size(0, 0, add(alias, children.aliases()));
            }
            long times = definition != null && definition.getArgument("first") == null
                    && GraphQLTypeUtil.isList(GraphQLTypeUtil.unwrapNonNull(definition.getType()))
                    ? Math.max(1, listSizes.of(((GraphQLFieldsContainer) parent).getName(), field.getName()))
                    : first(field, definition);
            return new Size(children.depth() + 1, add(1, multiply(times, children.complexity())),
                    add(alias, multiply(times, children.aliases())));
        }

        /** A fragment's size, measured once; within a cycle, nothing. */
        private Size fragment(String name, boolean introspection) {
            String key = name + (introspection ? "#meta" : "");
            Size known = measured.get(key);
            if (known != null) {
                return known;
            }
            FragmentDefinition definition = fragments.get(name);
            if (definition == null || !measuring.add(key)) {
                return Size.NONE;
            }
            GraphQLType type = schema.getType(definition.getTypeCondition().getName());
            Size size = selections(definition.getSelectionSet(), type, introspection);
            measuring.remove(key);
            measured.put(key, size);
            return size;
        }

        /** How many times the selection under a field is repeated: its {@code first} argument, else 1. */
        private long first(Field field, GraphQLFieldDefinition definition) {
            if (definition == null || definition.getArgument("first") == null) {
                return 1;
            }
            for (Argument argument : field.getArguments()) {
                if (argument.getName().equals("first")) {
                    if (argument.getValue() instanceof IntValue value) {
                        return Math.max(1, value.getValue().longValue());
                    }
                    if (argument.getValue() instanceof VariableReference ref
                            && variables.get(ref.getName()) instanceof Number number) {
                        return Math.max(1, number.longValue());
                    }
                    return 1;
                }
            }
            GraphQLArgument declared = definition.getArgument("first");
            InputValueWithState fallback = declared.getArgumentDefaultValue();
            if (fallback != null && fallback.getValue() instanceof IntValue value) {
                return Math.max(1, value.getValue().longValue());
            }
            if (fallback != null && fallback.getValue() instanceof Number number) {
                return Math.max(1, number.longValue());
            }
            return 1;
        }

        private int countRootFields(SelectionSet set, Set<String> seen) {
            int count = 0;
            if (set == null) {
                return 0;
            }
            for (Selection<?> selection : set.getSelections()) {
                if (selection instanceof Field) {
                    count++;
                } else if (selection instanceof InlineFragment inline) {
                    count += countRootFields(inline.getSelectionSet(), seen);
                } else if (selection instanceof FragmentSpread spread && seen.add(spread.getName())
                        && fragments.containsKey(spread.getName())) {
                    count += countRootFields(fragments.get(spread.getName()).getSelectionSet(), seen);
                }
            }
            return count;
        }
    }

    private static long add(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private static long multiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long product = a * b;
        return high != 0 || product < 0 ? Long.MAX_VALUE : product;
    }
}
