package io.mdg.graphql.scalar;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;

/**
 * The custom scalars of the schema, with the wire formats ScalarWireFormatTest pins. graphql-java-extended-scalars
 * (24.0, tried against graphql-java 24.3) has none of them in these formats: its DateTime refuses an Instant, cuts to
 * milliseconds and keeps the client's offset instead of answering UTC; its Date turns 2026-02-30 into 2026-02-28
 * instead of refusing it; its Long takes "5" and 5.0; its BigDecimal is a JSON number, which a client's JSON parser
 * may round (the reason Decimal is a string). Switching would change the published API, so they stay here.
 */
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

    public static final GraphQLScalarType DATE = GraphQLScalarType.newScalar()
            .name("Date")
            .description("A calendar date, ISO-8601 yyyy-MM-dd")
            .coercing(new Coercing<LocalDate, String>() {
                @Override
                public String serialize(Object value, GraphQLContext context, Locale locale) {
                    if (value instanceof LocalDate date) {
                        return date.toString();
                    }
                    throw new CoercingSerializeException("not a Date: " + value);
                }

                @Override
                public LocalDate parseValue(Object input, GraphQLContext context, Locale locale) {
                    if (input instanceof String s) {
                        return parse(s, CoercingParseValueException::new);
                    }
                    throw new CoercingParseValueException("Date must be a string yyyy-MM-dd");
                }

                @Override
                public LocalDate parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                              Locale locale) {
                    if (input instanceof StringValue s) {
                        return parse(s.getValue(), CoercingParseLiteralException::new);
                    }
                    throw new CoercingParseLiteralException("Date must be a string yyyy-MM-dd");
                }

                private <E extends RuntimeException> LocalDate parse(String s,
                                                                     java.util.function.Function<String, E> error) {
                    try {
                        return LocalDate.parse(s);
                    } catch (DateTimeParseException e) {
                        throw error.apply("not a date yyyy-MM-dd: '" + abbreviate(s) + "'");
                    }
                }
            })
            .build();

    /**
     * Exact decimals as strings. Input also accepts integers and decimal literals written in the document (exact);
     * a JSON floating-point number in variables is refused, because it may already have lost digits.
     */
    public static final GraphQLScalarType DECIMAL = GraphQLScalarType.newScalar()
            .name("Decimal")
            .description("An exact decimal number, a string in JSON (e.g. \"12.50\")")
            .coercing(new Coercing<BigDecimal, String>() {
                @Override
                public String serialize(Object value, GraphQLContext context, Locale locale) {
                    if (value instanceof BigDecimal decimal) {
                        return decimal.toPlainString();
                    }
                    if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
                        return value.toString();
                    }
                    throw new CoercingSerializeException("not a Decimal: " + value);
                }

                @Override
                public BigDecimal parseValue(Object input, GraphQLContext context, Locale locale) {
                    if (input instanceof String s) {
                        return parse(s, CoercingParseValueException::new);
                    }
                    if (input instanceof Integer || input instanceof Long || input instanceof BigInteger) {
                        return new BigDecimal(input.toString());
                    }
                    if (input instanceof BigDecimal decimal) {
                        return decimal;
                    }
                    throw new CoercingParseValueException("Decimal must be a string such as \"12.50\"");
                }

                @Override
                public BigDecimal parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                               Locale locale) {
                    if (input instanceof StringValue s) {
                        return parse(s.getValue(), CoercingParseLiteralException::new);
                    }
                    if (input instanceof IntValue i) {
                        return new BigDecimal(i.getValue());
                    }
                    if (input instanceof FloatValue f) {
                        return f.getValue();
                    }
                    throw new CoercingParseLiteralException("Decimal must be a string such as \"12.50\"");
                }

                private <E extends RuntimeException> BigDecimal parse(String s,
                                                                      java.util.function.Function<String, E> error) {
                    if (s.length() > 64) {
                        throw error.apply("a Decimal has at most 64 characters");
                    }
                    try {
                        return new BigDecimal(s.strip());
                    } catch (NumberFormatException e) {
                        throw error.apply("not a decimal number: '" + abbreviate(s) + "'");
                    }
                }
            })
            .build();

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
