package io.mdg.app.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;

/**
 * The hashes of the tamper-evident audit (version 1), as the verification recomputes them. The event store computes
 * the same chain link in PostgreSQL when an event is appended ({@link AuditChainSchema}, {@code mdg_audit_link}); a
 * test holds the two equal.
 *
 * <ul>
 * <li>An event's <b>chain link</b>: SHA-256 of the previous link of the same aggregate (32 zero bytes before its first
 * event) followed by the stored row's canonical bytes: aggregate identifier, aggregate type, sequence number (8 bytes
 * big-endian), event identifier, time stamp, payload type, payload revision, payload, metadata; every field but the
 * sequence number as a 4-byte big-endian length (-1 for null) and its bytes (text as UTF-8). The payload and metadata
 * are the stored bytes (bank accounts in them encrypted), so no key is needed to verify.</li>
 * <li>A checkpoint's <b>Merkle root</b> over the events of a range of the global order (RFC 6962's tree): a leaf is
 * SHA-256(0x00, global index (8 bytes), chain link), an inner node SHA-256(0x01, left, right), a tree of n leaves
 * splits at the largest power of two below n. Computed streaming, in O(log n) memory.</li>
 * </ul>
 */
public final class AuditHashes {

    /** The link before an aggregate's first event. */
    public static final byte[] GENESIS = new byte[32];
    private static final HexFormat HEX = HexFormat.of();

    private AuditHashes() {
    }

    /** An event's chain link. */
    public static byte[] link(byte[] previous, String aggregateIdentifier, String type, long sequenceNumber,
                              String eventIdentifier, String timeStamp, String payloadType, String payloadRevision,
                              byte[] payload, byte[] metaData) {
        MessageDigest sha = sha256();
        sha.update(previous);
        field(sha, text(aggregateIdentifier));
        field(sha, text(type));
        sha.update(ByteBuffer.allocate(8).putLong(sequenceNumber).array());
        field(sha, text(eventIdentifier));
        field(sha, text(timeStamp));
        field(sha, text(payloadType));
        field(sha, text(payloadRevision));
        field(sha, payload);
        field(sha, metaData);
        return sha.digest();
    }

    /** A Merkle leaf: the event at a global index with its chain link. */
    public static byte[] leaf(long globalIndex, byte[] link) {
        MessageDigest sha = sha256();
        sha.update((byte) 0);
        sha.update(ByteBuffer.allocate(8).putLong(globalIndex).array());
        sha.update(link);
        return sha.digest();
    }

    static byte[] node(byte[] left, byte[] right) {
        MessageDigest sha = sha256();
        sha.update((byte) 1);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    public static String hex(byte[] bytes) {
        return bytes == null ? null : HEX.formatHex(bytes);
    }

    public static byte[] unhex(String hex) {
        return HEX.parseHex(hex);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static byte[] text(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    private static void field(MessageDigest sha, byte[] value) {
        sha.update(ByteBuffer.allocate(4).putInt(value == null ? -1 : value.length).array());
        if (value != null) {
            sha.update(value);
        }
    }

    /**
     * A Merkle root computed leaf by leaf: a stack of the roots of complete subtrees, merged while the two on top
     * are the same size; the root folds them from the right (which is the RFC 6962 tree).
     */
    public static final class MerkleRoot {

        private final Deque<byte[]> roots = new ArrayDeque<>();
        private final Deque<Long> sizes = new ArrayDeque<>();
        private long leaves;

        public void add(byte[] leaf) {
            byte[] root = leaf;
            long size = 1;
            while (!sizes.isEmpty() && sizes.peek() == size) {
                root = node(roots.pop(), root);
                size += sizes.pop();
            }
            roots.push(root);
            sizes.push(size);
            leaves++;
        }

        public long leaves() {
            return leaves;
        }

        /** The root; SHA-256 of nothing for no leaves. */
        public byte[] root() {
            if (roots.isEmpty()) {
                return sha256().digest();
            }
            byte[] root = null;
            for (byte[] subtree : roots) {  // top of the stack (the rightmost, smallest subtree) first
                root = root == null ? subtree : node(subtree, root);
            }
            return root;
        }
    }
}
