package io.mdg.query.tables;

import java.util.Locale;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Where the large read models live (the audit trail and the record history, which do not fit in memory): property
 * {@value #PROPERTY} ({@code MDG_READ_STORE}).
 * <ul>
 *   <li>{@code postgres}: indexed tables of the service's PostgreSQL (its {@code DataSource}: the embedded server
 *       or an external one). The default without {@code mdg.mongodb.uri}.</li>
 *   <li>{@code mongodb}: collections of the MongoDB read store. The default when {@code mdg.mongodb.uri} is set.</li>
 * </ul>
 * Any other value stops the start with a message naming the two.
 */
public enum ReadStoreKind {
    POSTGRES, MONGODB;

    public static final String PROPERTY = "mdg.read-store";

    /** The kind the environment configures. */
    public static ReadStoreKind of(Environment environment) {
        String value = environment.getProperty(PROPERTY, "").strip();
        if (value.isEmpty()) {
            return io.mdg.query.store.ReadStoreMode.mongoConfigured(environment) ? MONGODB : POSTGRES;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "postgres", "postgresql" -> POSTGRES;
            case "mongodb", "mongo" -> MONGODB;
            default -> throw new IllegalArgumentException(PROPERTY + " (MDG_READ_STORE) must be postgres or mongodb, "
                    + "not '" + value + "' (empty: mongodb when mdg.mongodb.uri is set, else postgres)");
        };
    }

    /** Beans of the PostgreSQL tables. */
    public static final class OnPostgres implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return of(context.getEnvironment()) == POSTGRES;
        }
    }

    /** Beans of the MongoDB collections. */
    public static final class OnMongo implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return of(context.getEnvironment()) == MONGODB;
        }
    }
}
