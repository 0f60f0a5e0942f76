package io.mdg.query.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Objects;
import java.util.function.Consumer;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

/**
 * A MongoDB database whose collections tell a hook the collection of every bulk write (the way {@link BatchedWrites}
 * sends a batch) before sending it; the hook may throw to make the write fail. Everything else passes unchanged.
 */
final class FaultyDatabase {

    private volatile Consumer<String> beforeBulkWrite = collection -> { };

    private final MongoDatabase database;

    FaultyDatabase(MongoDatabase target) {
        this.database = (MongoDatabase) Proxy.newProxyInstance(FaultyDatabase.class.getClassLoader(),
                new Class<?>[]{MongoDatabase.class}, (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    return result instanceof MongoCollection<?> collection ? collection(collection) : result;
                });
    }

    MongoDatabase database() {
        return database;
    }

    /** Told the collection's name before each bulk write; throws to fail it. */
    void beforeBulkWrite(Consumer<String> hook) {
        this.beforeBulkWrite = hook;
    }

    private MongoCollection<?> collection(MongoCollection<?> target) {
        return (MongoCollection<?>) Proxy.newProxyInstance(FaultyDatabase.class.getClassLoader(),
                new Class<?>[]{MongoCollection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("bulkWrite")) {
                        beforeBulkWrite.accept(target.getNamespace().getCollectionName());
                    }
                    return invoke(target, method, args);
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw Objects.requireNonNullElse(e.getCause(), e);
        }
    }
}
