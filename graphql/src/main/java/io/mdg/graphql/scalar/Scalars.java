package io.mdg.graphql.scalar;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;

/** The custom scalars of the schema. */
public final class Scalars {

    private Scalars() {
    }

    public static final GraphQLScalarType DATE_TIME = GraphQLScalarType.newScalar()
            .name("DateTime")
            .description("An instant with offset, ISO-8601")
            .coercing(new Coercing<Instant, String>() {
                @Override
                public String serialize(Object value, GraphQLContext context, Locale locale) {
                    if (value instanceof Instant instant) {
                        return instant.toString();
                    }
                    if (value instanceof OffsetDateTime odt) {
                        return odt.toInstant().toString();
                    }
                    throw new CoercingSerializeException("not a DateTime: " + value);
                }

                @Override
                public Instant parseValue(Object input, GraphQLContext context, Locale locale) {
                    if (input instanceof String s) {
                        return parse(s, CoercingParseValueException::new);
                    }
                    throw new CoercingParseValueException("DateTime must be an ISO-8601 string with offset");
                }

                @Override
                public Instant parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                            Locale locale) {
                    if (input instanceof StringValue s) {
                        return parse(s.getValue(), CoercingParseLiteralException::new);
                    }
                    throw new CoercingParseLiteralException("DateTime must be an ISO-8601 string with offset");
                }

                private <E extends RuntimeException> Instant parse(String s,
                                                                   java.util.function.Function<String, E> error) {
                    try {
                        return OffsetDateTime.parse(s).toInstant();
                    } catch (DateTimeParseException e) {
                        throw error.apply("not an ISO-8601 date-time with offset: '" + abbreviate(s) + "'");
                    }
                }
            })
            .build();

    public static final GraphQLScalarType LONG = GraphQLScalarType.newScalar()
            .name("Long")
            .description("A 64-bit integer")
            .coercing(new Coercing<Long, Long>() {
                @Override
                public Long serialize(Object value, GraphQLContext context, Locale locale) {
                    if (value instanceof Number n) {
                        return n.longValue();
                    }
                    throw new CoercingSerializeException("not a Long: " + value);
                }

                @Override
                public Long parseValue(Object input, GraphQLContext context, Locale locale) {
                    if (input instanceof Integer || input instanceof Long) {
                        return ((Number) input).longValue();
                    }
                    if (input instanceof java.math.BigInteger b && b.bitLength() < 64) {
                        return b.longValue();
                    }
                    throw new CoercingParseValueException("expected a 64-bit integer");
                }

                @Override
                public Long parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                         Locale locale) {
                    if (input instanceof IntValue i && i.getValue().bitLength() < 64) {
                        return i.getValue().longValue();
                    }
                    throw new CoercingParseLiteralException("expected a 64-bit integer");
                }
            })
            .build();

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
