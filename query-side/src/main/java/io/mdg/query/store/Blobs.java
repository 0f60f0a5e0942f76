package io.mdg.query.store;

import java.nio.ByteBuffer;

import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Binary;

import com.mongodb.MongoClientSettings;

/**
 * A document kept as one opaque BSON binary value inside another: for parts of the read models that are only ever
 * read whole by {@code _id} (a record's past versions), never filtered on. The store then handles one byte array
 * instead of a tree of fields (mongo-java-server deep-copies, normalises and sizes every field of every document it
 * writes: for such parts that was most of the cost of a projection).
 */
public final class Blobs {

    private static final DocumentCodec CODEC = new DocumentCodec(MongoClientSettings.getDefaultCodecRegistry());

    private Blobs() {
    }

    public static Binary encode(Document doc) {
        BasicOutputBuffer buffer = new BasicOutputBuffer(1024);
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            CODEC.encode(writer, doc, EncoderContext.builder().build());
        }
        return new Binary(buffer.toByteArray());
    }

    /** The document of a value written by {@link #encode}; a document stored as fields is returned as it is. */
    public static Document decode(Object value) {
        if (value == null || value instanceof Document) {
            return (Document) value;
        }
        byte[] bytes = value instanceof Binary binary ? binary.getData() : (byte[]) value;
        try (BsonBinaryReader reader = new BsonBinaryReader(ByteBuffer.wrap(bytes))) {
            return CODEC.decode(reader, DecoderContext.builder().build());
        }
    }
}
