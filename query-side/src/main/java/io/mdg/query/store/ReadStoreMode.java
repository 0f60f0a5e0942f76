package io.mdg.query.store;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Which read store the service runs with: MongoDB when {@code mdg.mongodb.uri} is set, memory otherwise. */
public final class ReadStoreMode {

    static final String URI = "mdg.mongodb.uri";

    /** Whether a MongoDB read store is configured ({@code mdg.mongodb.uri} set): the one place that decides it. */
    public static boolean mongoConfigured(org.springframework.core.env.Environment environment) {
        return !environment.getProperty(URI, "").isBlank();
    }

    private ReadStoreMode() {
    }

    private static boolean mongo(ConditionContext context) {
        return mongoConfigured(context.getEnvironment());
    }

    /** MongoDB: {@code mdg.mongodb.uri} is set. */
    public static final class Mongo implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return mongo(context);
        }
    }

    /** Memory: no {@code mdg.mongodb.uri}. */
    public static final class Memory implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !mongo(context);
        }
    }
}
