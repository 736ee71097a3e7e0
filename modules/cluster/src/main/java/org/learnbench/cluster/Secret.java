package org.learnbench.cluster;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cluster's shared secret at work: HMAC-SHA256 signatures of tasks and results, and the name members
 * join under, derived from the secret so that a member without it never joins. Never logged or sent.
 */
final class Secret {
    private final SecretKeySpec key;

    Secret(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The HMAC-SHA256 of the parts, each length-prefixed so that no two lists of parts sign alike. */
    byte[] sign(byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            for (byte[] p : parts) {
                mac.update(java.nio.ByteBuffer.allocate(4).putInt(p.length).array());
                mac.update(p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** True when {@code signature} is this secret's signature of the parts (compared in constant time). */
    boolean verify(byte[] signature, byte[]... parts) {
        return signature != null && MessageDigest.isEqual(signature, sign(parts));
    }

    /**
     * The name members join under: the file's name and the first 16 hex digits of an HMAC of it, so a member
     * with another secret looks for another cluster and is never admitted.
     */
    String clusterName(String name) {
        byte[] tag = sign(bytes("learnbench cluster name"), bytes(name));
        return name + "-" + HexFormat.of().formatHex(tag, 0, 8);
    }

    static byte[] bytes(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }
}
