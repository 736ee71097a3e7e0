package org.learnbench.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.learnbench.experiment.config.ConfigException;
import org.learnbench.experiment.config.ConfigNode;

/**
 * A cluster file (YAML): who the members are, the cluster's name and shared secret, and how much work a
 * member takes. Every mistake is a {@link ConfigException} naming the file, line and key.
 *
 * @param name the cluster's name (members of other names never join)
 * @param secret the shared secret that signs every task and result (at least 16 characters)
 * @param members the workers' addresses, also the list every member joins by
 * @param coordinator where a coordinator listens, or null for the first address of this machine among the
 *     members' hosts, on port {@link #DEFAULT_COORDINATOR_PORT}
 * @param threadsPerRun the threads one run's arithmetic may use on a worker (never changes results)
 * @param runsPerMember how many runs a worker computes at once
 * @param joinTimeoutSeconds how long a coordinator waits for a worker, and a worker for its address
 * @param cache where workers keep datasets received by content hash (null: the system's temporary folder)
 */
public record ClusterFile(
        Path source,
        String name,
        String secret,
        List<Address> members,
        Address coordinator,
        int threadsPerRun,
        int runsPerMember,
        int joinTimeoutSeconds,
        Path cache) {
    /** The port a coordinator takes when the file names none. */
    public static final int DEFAULT_COORDINATOR_PORT = 5799;

    /** The shortest secret accepted: a guessable one would protect nothing. */
    public static final int MIN_SECRET = 16;

    public ClusterFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(secret, "secret");
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one member");
        }
        if (threadsPerRun < 1 || runsPerMember < 1 || joinTimeoutSeconds < 1) {
            throw new IllegalArgumentException("threads " + threadsPerRun + ", runs per member " + runsPerMember
                    + " and join timeout " + joinTimeoutSeconds + " must all be >= 1");
        }
    }

    /** A member's host (a name or an IP address, resolved when the file is read) and port. */
    public record Address(String host, InetAddress ip, int port) {
        public Address {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(ip, "ip");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, got " + port);
            }
        }

        /** "127.0.0.1:5701". */
        public String text() {
            return ip.getHostAddress() + ":" + port;
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** Reads and checks a cluster file. */
    public static ClusterFile read(Path file) {
        ConfigNode root = ConfigNode.load(file);
        String name = root.string("cluster", "learnbench");
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw root.error(
                    "cluster", "expected a name of letters, digits, '.', '_' or '-' (at most 64), got '" + name + "'");
        }
        String secret;
        if (root.has("secret") && root.has("secret_file")) {
            throw root.error("secret_file", "give either secret or secret_file, not both");
        } else if (root.has("secret_file")) {
            Path secretFile = file.toAbsolutePath().getParent().resolve(root.string("secret_file"));
            try {
                secret = Files.readString(secretFile, StandardCharsets.UTF_8).strip();
            } catch (java.io.IOException e) {
                throw root.error("secret_file", "cannot read " + secretFile + ": " + e.getMessage());
            }
        } else if (root.has("secret")) {
            secret = root.string("secret");
        } else {
            throw root.error(
                    "secret",
                    "missing: every member and the coordinator need the same shared secret (secret: or"
                            + " secret_file:)");
        }
        if (secret.length() < MIN_SECRET) {
            throw root.error(
                    root.has("secret") ? "secret" : "secret_file",
                    "the secret has " + secret.length() + " characters; use at least " + MIN_SECRET
                            + " (for example: head -c 24 /dev/urandom | base64)");
        }
        if (!root.has("members")) {
            throw root.error("members", "missing: list the workers' addresses (HOST:PORT, e.g. 10.0.0.5:5701)");
        }
        List<Address> members = new ArrayList<>();
        for (String m : root.strings("members")) {
            members.add(address(root, "members", m));
        }
        if (members.isEmpty()) {
            throw root.error("members", "the list is empty: list the workers' addresses (HOST:PORT)");
        }
        if (members.stream().map(Address::text).distinct().count() != members.size()) {
            throw root.error("members", "an address is listed twice: " + root.text("members"));
        }
        Address coordinator = root.has("coordinator") ? address(root, "coordinator", root.string("coordinator")) : null;
        if (coordinator != null && members.stream().anyMatch(m -> m.text().equals(coordinator.text()))) {
            throw root.error("coordinator", "the coordinator's address " + coordinator + " is also a member's");
        }
        int threads = root.intValue("threads_per_run", 1, 1);
        int runs = root.intValue("runs_per_member", 1, 1);
        int timeout = root.intValue("join_timeout", 30, 1);
        Path cache = root.has("cache") ? file.toAbsolutePath().getParent().resolve(root.string("cache")) : null;
        root.finish();
        return new ClusterFile(file, name, secret, members, coordinator, threads, runs, timeout, cache);
    }

    private static Address address(ConfigNode root, String key, String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw root.error(key, "expected HOST:PORT (e.g. 10.0.0.5:5701), got '" + text + "'");
        }
        String host = text.substring(0, colon).strip();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1).strip());
        } catch (NumberFormatException e) {
            throw root.error(key, "expected HOST:PORT with a port number, got '" + text + "'");
        }
        if (port < 1 || port > 65535) {
            throw root.error(key, "the port of '" + text + "' is not in 1..65535");
        }
        if (host.equals("0.0.0.0") || host.equals("::")) {
            throw root.error(key, "'" + text + "' is the any-address: name the machine's own address");
        }
        InetAddress ip;
        try {
            ip = InetAddress.getByName(host);
        } catch (UnknownHostException | SecurityException e) {
            throw root.error(key, "the host of '" + text + "' does not resolve to an address");
        }
        return new Address(host, ip, port);
    }

    /** The folder where a worker caches datasets. */
    public Path cacheFolder() {
        return cache != null
                ? cache
                : Path.of(
                        System.getProperty("java.io.tmpdir"), "learnbench-cluster-" + System.getProperty("user.name"));
    }
}
