package io.mdg.query.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class ReadStoreKindTest {

    @Test
    void postgres_by_default_and_mongodb_when_a_mongodb_uri_is_set_unless_named() {
        assertThat(ReadStoreKind.of(new MockEnvironment())).isEqualTo(ReadStoreKind.POSTGRES);
        assertThat(ReadStoreKind.of(new MockEnvironment().withProperty("mdg.mongodb.uri", "mongodb://db:27017")))
                .isEqualTo(ReadStoreKind.MONGODB);
        assertThat(ReadStoreKind.of(new MockEnvironment().withProperty("mdg.mongodb.uri", "mongodb://db:27017")
                .withProperty("mdg.read-store", "postgres"))).isEqualTo(ReadStoreKind.POSTGRES);
        assertThat(ReadStoreKind.of(new MockEnvironment().withProperty("mdg.read-store", " MongoDB ")))
                .isEqualTo(ReadStoreKind.MONGODB);
    }

    @Test
    void any_other_value_is_refused_with_the_two_it_takes() {
        assertThatThrownBy(() -> ReadStoreKind.of(new MockEnvironment().withProperty("mdg.read-store", "h2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MDG_READ_STORE").hasMessageContaining("postgres or mongodb")
                .hasMessageContaining("'h2'");
    }
}
