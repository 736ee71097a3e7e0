package org.learnbench.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Datasets reach workers by content hash, never by trusting a path: a worker uses its cached copy, or a
 * file at the coordinator's path (a shared folder), or asks the coordinator for the bytes; whichever it
 * uses, the content's sha256 must be the one the signed task names.
 */
final class Datasets {
    /** The executor that serves datasets, apart from the one that runs runs, so a busy member still answers. */
    static final String EXECUTOR = "learnbench-data";

    private Datasets() {}

    /** The local copy of the dataset, checked by its sha256. */
    static Path local(HazelcastInstance instance, MemberContext context, RunTask.DatasetRef ref)
            throws IOException, InterruptedException {
        if (!ref.sha256().matches("[0-9a-f]{64}")
                || ref.name().contains("/")
                || ref.name().contains("\\")) {
            throw new IllegalArgumentException("a malformed dataset reference: " + ref.sha256() + " " + ref.name());
        }
        Path cached = context.cache.resolve("datasets").resolve(ref.sha256()).resolve(ref.name());
        if (Files.isRegularFile(cached) && ref.sha256().equals(sha256(cached))) {
            return cached;
        }
        Path shared = Path.of(ref.path());
        if (Files.isRegularFile(shared)
                && Files.isReadable(shared)
                && ref.sha256().equals(sha256(shared))) {
            return shared;
        }
        Member coordinator = instance.getCluster().getMembers().stream()
                .filter(m -> m.getUuid().toString().equals(ref.coordinator()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "the coordinator that holds dataset " + ref.name() + " has left the cluster"));
        byte[] bytes;
        try {
            bytes = instance.getExecutorService(EXECUTOR)
                    .submitToMember(
                            new Request(ref.sha256(), context.secret.sign(Request.parts(ref.sha256()))), coordinator)
                    .get(10, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot fetch dataset " + ref.name() + " from the coordinator: " + e.getMessage(), e);
        }
        if (!ref.sha256().equals(sha256(bytes))) {
            throw new IOException("dataset " + ref.name() + " arrived with another sha256 than the task names");
        }
        Files.createDirectories(cached.getParent());
        Path part = cached.resolveSibling(".part-" + UUID.randomUUID());
        Files.write(part, bytes);
        Files.move(part, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return cached;
    }

    static String sha256(Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(BuildId.sha256().digest(bytes));
    }

    /** A worker's signed request for a dataset's bytes, answered only for a file the coordinator offers. */
    static final class Request implements Callable<byte[]>, Serializable, HazelcastInstanceAware {
        private static final long serialVersionUID = 1L;
        private final String sha256;
        private final byte[] signature;
        private transient HazelcastInstance instance;

        Request(String sha256, byte[] signature) {
            this.sha256 = sha256;
            this.signature = signature;
        }

        static byte[][] parts(String sha256) {
            return new byte[][] {Secret.bytes("dataset"), Secret.bytes(sha256)};
        }

        @Override
        public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
            this.instance = hazelcastInstance;
        }

        @Override
        public byte[] call() throws IOException {
            MemberContext context = MemberContext.of(instance);
            if (!context.secret.verify(signature, parts(sha256))) {
                throw new SecurityException("refused: the dataset request is not signed with this cluster's secret");
            }
            Path file = context.offered.get(sha256);
            if (file == null) {
                throw new IllegalArgumentException("this coordinator offers no dataset with sha256 " + sha256);
            }
            byte[] bytes = Files.readAllBytes(file);
            if (!sha256.equals(sha256(bytes))) {
                throw new IOException(
                        file + " changed since the study was read (its sha256 is no longer " + sha256 + ")");
            }
            return bytes;
        }
    }
}
