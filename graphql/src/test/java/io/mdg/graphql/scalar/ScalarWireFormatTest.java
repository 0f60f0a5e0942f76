package io.mdg.graphql.scalar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Locale;

import org.junit.jupiter.api.Test;

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
 * The wire format of every custom scalar, pinned: what a value is written as in an answer, and what a client may
 * send (in variables and written in the document). A change here is a change of the published API.
 */
class ScalarWireFormatTest {

    private static final GraphQLContext CONTEXT = GraphQLContext.getDefault();

    @SuppressWarnings("unchecked")
    private static Coercing<Object, Object> coercing(GraphQLScalarType scalar) {
        return (Coercing<Object, Object>) scalar.getCoercing();
    }

    private static Object out(GraphQLScalarType scalar, Object value) {
        return coercing(scalar).serialize(value, CONTEXT, Locale.ROOT);
    }

    private static Object variable(GraphQLScalarType scalar, Object input) {
        return coercing(scalar).parseValue(input, CONTEXT, Locale.ROOT);
    }

    private static Object literal(GraphQLScalarType scalar, Value<?> input) {
        return coercing(scalar).parseLiteral(input, CoercedVariables.emptyVariables(), CONTEXT, Locale.ROOT);
    }

    @Test
    void a_date_time_is_an_iso_8601_instant_in_utc_to_the_nanosecond() {
        assertThat(out(Scalars.DATE_TIME, Instant.parse("2026-03-01T10:15:30.123456789Z")))
                .isEqualTo("2026-03-01T10:15:30.123456789Z");
        assertThat(out(Scalars.DATE_TIME, Instant.parse("2026-03-01T10:15:30Z"))).isEqualTo("2026-03-01T10:15:30Z");
        assertThat(out(Scalars.DATE_TIME, OffsetDateTime.parse("2026-03-01T11:15:30+01:00")))
                .isEqualTo("2026-03-01T10:15:30Z");
        assertThat(variable(Scalars.DATE_TIME, "2026-03-01T11:15:30+01:00"))
                .isEqualTo(Instant.parse("2026-03-01T10:15:30Z"));
        assertThat(literal(Scalars.DATE_TIME, new StringValue("2026-03-01T10:15:30.5Z")))
                .isEqualTo(Instant.parse("2026-03-01T10:15:30.500Z"));
        assertThatThrownBy(() -> variable(Scalars.DATE_TIME, "2026-03-01T10:15:30"))
                .isInstanceOf(CoercingParseValueException.class).hasMessageContaining("with offset");
        assertThatThrownBy(() -> variable(Scalars.DATE_TIME, 1_772_360_130_000L))
                .isInstanceOf(CoercingParseValueException.class);
        assertThatThrownBy(() -> literal(Scalars.DATE_TIME, new IntValue(BigInteger.ONE)))
                .isInstanceOf(CoercingParseLiteralException.class);
        assertThatThrownBy(() -> out(Scalars.DATE_TIME, "2026-03-01"))
                .isInstanceOf(CoercingSerializeException.class);
    }

    @Test
    void a_long_is_a_json_number_of_64_bits() {
        assertThat(out(Scalars.LONG, 9_007_199_254_740_993L)).isEqualTo(9_007_199_254_740_993L);
        assertThat(out(Scalars.LONG, 7)).isEqualTo(7L);
        assertThat(variable(Scalars.LONG, 5)).isEqualTo(5L);
        assertThat(variable(Scalars.LONG, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThat(literal(Scalars.LONG, new IntValue(BigInteger.valueOf(Long.MIN_VALUE)))).isEqualTo(Long.MIN_VALUE);
        assertThatThrownBy(() -> variable(Scalars.LONG, BigInteger.ONE.shiftLeft(63)))
                .isInstanceOf(CoercingParseValueException.class);
        assertThatThrownBy(() -> variable(Scalars.LONG, "5")).isInstanceOf(CoercingParseValueException.class);
        assertThatThrownBy(() -> variable(Scalars.LONG, 5.0)).isInstanceOf(CoercingParseValueException.class);
        assertThatThrownBy(() -> literal(Scalars.LONG, new IntValue(BigInteger.ONE.shiftLeft(63))))
                .isInstanceOf(CoercingParseLiteralException.class);
    }

    @Test
    void a_date_is_an_iso_8601_calendar_date() {
        assertThat(out(Scalars.DATE, LocalDate.of(2026, 3, 1))).isEqualTo("2026-03-01");
        assertThat(variable(Scalars.DATE, "2026-03-01")).isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(literal(Scalars.DATE, new StringValue("2028-02-29"))).isEqualTo(LocalDate.of(2028, 2, 29));
        assertThatThrownBy(() -> variable(Scalars.DATE, "2026-02-30")).isInstanceOf(CoercingParseValueException.class)
                .hasMessageContaining("yyyy-MM-dd");
        assertThatThrownBy(() -> variable(Scalars.DATE, "2026-03-01T00:00:00Z"))
                .isInstanceOf(CoercingParseValueException.class);
        assertThatThrownBy(() -> out(Scalars.DATE, Instant.EPOCH)).isInstanceOf(CoercingSerializeException.class);
    }

    @Test
    void a_decimal_is_an_exact_string_and_never_a_json_floating_point_number() {
        assertThat(out(Scalars.DECIMAL, new BigDecimal("12.50"))).isEqualTo("12.50");
        assertThat(out(Scalars.DECIMAL, new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(out(Scalars.DECIMAL, 3L)).isEqualTo("3");
        assertThat(variable(Scalars.DECIMAL, "12.50")).isEqualTo(new BigDecimal("12.50"));
        assertThat(variable(Scalars.DECIMAL, " 0.10 ")).isEqualTo(new BigDecimal("0.10"));
        assertThat(variable(Scalars.DECIMAL, 7)).isEqualTo(new BigDecimal("7"));
        assertThat(literal(Scalars.DECIMAL, new FloatValue(new BigDecimal("12.50")))).isEqualTo(new BigDecimal("12.50"));
        assertThat(literal(Scalars.DECIMAL, new StringValue("0.333"))).isEqualTo(new BigDecimal("0.333"));
        assertThatThrownBy(() -> variable(Scalars.DECIMAL, 12.5)).isInstanceOf(CoercingParseValueException.class);
        assertThatThrownBy(() -> variable(Scalars.DECIMAL, "twelve")).isInstanceOf(CoercingParseValueException.class);
        assertThatThrownBy(() -> variable(Scalars.DECIMAL, "1".repeat(65)))
                .isInstanceOf(CoercingParseValueException.class).hasMessageContaining("64 characters");
        assertThatThrownBy(() -> out(Scalars.DECIMAL, 12.5)).isInstanceOf(CoercingSerializeException.class);
    }
}
