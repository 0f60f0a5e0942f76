package io.mdg.query.store;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Which read store the service runs with: MongoDB when {@code mdg.mongodb.uri} is set, memory otherwise. */
public final class ReadStoreMode {

    static final String URI = "mdg.mongodb.uri";

    private ReadStoreMode() {
    }

    private static boolean mongo(ConditionContext context) {
        String uri = context.getEnvironment().getProperty(URI);
        return uri != null && !uri.isBlank();
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
