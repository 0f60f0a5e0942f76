package io.mdg.app.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The hashes, Merkle roots, checkpoints and signatures of the tamper-evident audit, without a database. */
class AuditHashesTest {

    private static final byte[] PAYLOAD = "{\"name\":\"Acme\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] META = "{\"traceId\":\"t\"}".getBytes(StandardCharsets.UTF_8);

    private static byte[] link(byte[] previous, String aggregate, long sequence, byte[] payload) {
        return AuditHashes.link(previous, aggregate, "GovernedRecord", sequence, "e-" + sequence,
                "2026-12-07T10:00:00Z", "io.mdg.api.record.RecordChangedEvent", null, payload, META);
    }

    @Test
    void a_link_depends_on_every_stored_field_and_on_the_previous_link() {
        byte[] first = link(AuditHashes.GENESIS, "S-1", 0, PAYLOAD);
        assertThat(first).hasSize(32).isEqualTo(link(AuditHashes.GENESIS, "S-1", 0, PAYLOAD));
        assertThat(link(AuditHashes.GENESIS, "S-2", 0, PAYLOAD)).isNotEqualTo(first);
        assertThat(link(AuditHashes.GENESIS, "S-1", 1, PAYLOAD)).isNotEqualTo(first);
        assertThat(link(AuditHashes.GENESIS, "S-1", 0, "{\"name\":\"Acmf\"}".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(first);
        assertThat(link(first, "S-1", 0, PAYLOAD)).as("another predecessor").isNotEqualTo(first);
        assertThat(AuditHashes.link(AuditHashes.GENESIS, "S-1", "GovernedRecord", 0, "e-0", "2026-12-07T10:00:00Z",
                "io.mdg.api.record.RecordChangedEvent", "1", PAYLOAD, META)).as("a revision").isNotEqualTo(first);
        assertThat(AuditHashes.link(AuditHashes.GENESIS, "S-1", "GovernedRecord", 0, "e-0", "2026-12-07T10:00:00Z",
                "io.mdg.api.record.RecordChangedEvent", null, PAYLOAD, null)).as("no metadata").isNotEqualTo(first);
    }

    @Test
    void fields_are_length_prefixed_so_moving_bytes_between_them_changes_the_link() {
        byte[] a = AuditHashes.link(AuditHashes.GENESIS, "ab", "c", 0, "e", "t", "p", null, PAYLOAD, META);
        byte[] b = AuditHashes.link(AuditHashes.GENESIS, "a", "bc", 0, "e", "t", "p", null, PAYLOAD, META);
        byte[] empty = AuditHashes.link(AuditHashes.GENESIS, "ab", "c", 0, "e", "t", "p", "", PAYLOAD, META);
        byte[] none = AuditHashes.link(AuditHashes.GENESIS, "ab", "c", 0, "e", "t", "p", null, PAYLOAD, META);
        assertThat(a).isNotEqualTo(b);
        assertThat(empty).as("an empty revision is not a missing one").isNotEqualTo(none);
    }

    @Test
    void the_streaming_merkle_root_is_the_rfc_6962_tree_for_every_size() {
        for (int n = 0; n <= 33; n++) {
            List<byte[]> leaves = new ArrayList<>();
            AuditHashes.MerkleRoot streaming = new AuditHashes.MerkleRoot();
            for (int i = 0; i < n; i++) {
                byte[] leaf = AuditHashes.leaf(i + 1, link(AuditHashes.GENESIS, "S-" + i, 0, PAYLOAD));
                leaves.add(leaf);
                streaming.add(leaf);
            }
            assertThat(streaming.leaves()).isEqualTo(n);
            assertThat(streaming.root()).as("%d leaves", n).isEqualTo(rfc6962(leaves));
        }
    }

    /** RFC 6962, 2.1: MTH(D[n]) = H(0x01 || MTH(D[0:k]) || MTH(D[k:n])), k the largest power of two below n. */
    private static byte[] rfc6962(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            return AuditHashes.sha256().digest();
        }
        if (leaves.size() == 1) {
            return leaves.get(0);
        }
        int k = Integer.highestOneBit(leaves.size() - 1);
        return AuditHashes.node(rfc6962(leaves.subList(0, k)), rfc6962(leaves.subList(k, leaves.size())));
    }

    @Test
    void a_merkle_root_changes_with_any_leaf_its_position_or_their_order() {
        byte[] x = link(AuditHashes.GENESIS, "S-1", 0, PAYLOAD);
        byte[] y = link(AuditHashes.GENESIS, "S-2", 0, PAYLOAD);
        assertThat(root(AuditHashes.leaf(1, x), AuditHashes.leaf(2, y)))
                .isNotEqualTo(root(AuditHashes.leaf(1, y), AuditHashes.leaf(2, x)))
                .isNotEqualTo(root(AuditHashes.leaf(1, x), AuditHashes.leaf(3, y)))
                .isNotEqualTo(root(AuditHashes.leaf(1, x)));
    }

    private static byte[] root(byte[]... leaves) {
        AuditHashes.MerkleRoot root = new AuditHashes.MerkleRoot();
        for (byte[] leaf : leaves) {
            root.add(leaf);
        }
        return root.root();
    }

    @Test
    void a_signing_key_is_an_rfc_8032_seed_whose_public_key_is_derived() throws Exception {
        // RFC 8032, 7.1, TEST 1
        byte[] seed = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        AuditSigningKeys keys = AuditSigningKeys.parse("t1:" + Base64.getEncoder().encodeToString(seed));
        String pem = keys.publicKeys().get(0).getValue();
        byte[] der = Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----|\\s", ""));
        assertThat(HexFormat.of().formatHex(der)).endsWith(
                "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        byte[] signature = keys.sign(new byte[0]);
        assertThat(HexFormat.of().formatHex(signature)).isEqualTo("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d8"
                + "73e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        PublicKey publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        assertThat(AuditSigningKeys.verify(publicKey, new byte[0], signature)).isTrue();
        assertThat(keys.verify("t1", new byte[] {1}, signature)).isFalse();
        assertThat(keys.verify("other", new byte[0], signature)).as("an unknown key id").isFalse();
    }

    @Test
    void a_malformed_key_ring_is_refused_without_showing_the_key() {
        assertThatThrownBy(() -> AuditSigningKeys.parse("a1:c2hvcnQ=")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32-byte").hasMessageNotContaining("c2hvcnQ");
        String key = AuditSigningKeys.newKey("a1");
        assertThatThrownBy(() -> AuditSigningKeys.parse(key + "," + key)).hasMessageContaining("twice");
    }

    @Test
    void keys_rotate_the_first_signs_and_the_older_ones_still_verify() {
        AuditSigningKeys old = AuditSigningKeys.parse(AuditSigningKeys.newKey("a1"));
        String oldEntry = AuditSigningKeys.newKey("a1");
        AuditSigningKeys before = AuditSigningKeys.parse(oldEntry);
        AuditSigningKeys rotated = AuditSigningKeys.parse(AuditSigningKeys.newKey("a2") + "," + oldEntry);
        AuditCheckpoint signedBefore = checkpoint(before);
        assertThat(signedBefore.signedBy(rotated)).isTrue();
        assertThat(signedBefore.signedBy(old)).as("another key of the same id").isFalse();
        assertThat(checkpoint(rotated).keyId()).isEqualTo("a2");
    }

    @Test
    void an_exported_checkpoint_reads_back_equal_and_any_change_to_it_breaks_its_hash_or_signature() {
        AuditSigningKeys keys = AuditSigningKeys.parse(AuditSigningKeys.newKey("a1"));
        AuditCheckpoint checkpoint = checkpoint(keys);
        assertThat(checkpoint.hashMatches()).isTrue();
        assertThat(checkpoint.signedBy(keys)).isTrue();
        AuditCheckpoint read = AuditCheckpoint.parse(checkpoint.jsonLine());
        assertThat(read.jsonLine()).isEqualTo(checkpoint.jsonLine());
        assertThat(read.signedBy(keys)).isTrue();

        String forged = checkpoint.jsonLine().replace("\"entries\":40", "\"entries\":39");
        assertThat(AuditCheckpoint.parse(forged).hashMatches()).isFalse();
        assertThat(AuditCheckpoint.parse(forged).signedBy(keys)).isFalse();
        assertThatThrownBy(() -> AuditCheckpoint.parse("{\"number\":1}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fromIndex");
        assertThatThrownBy(() -> AuditCheckpoint.parse("not json")).isInstanceOf(IllegalArgumentException.class);
    }

    private static AuditCheckpoint checkpoint(AuditSigningKeys keys) {
        return AuditCheckpoint.signed(1, 0, 42, 40, root(AuditHashes.leaf(1, AuditHashes.GENESIS)),
                AuditHashes.GENESIS, Instant.parse("2026-12-07T10:00:00.123Z"), keys);
    }
}
