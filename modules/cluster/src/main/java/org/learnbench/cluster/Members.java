package org.learnbench.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How learnbench starts a Hazelcast member: joined by the file's explicit member list only (no multicast, no
 * cloud auto-detection, no phone-home), bound to its own address from the file only, under a cluster name
 * derived from the secret, with its build and role as member attributes.
 */
final class Members {
    /** The executor that runs study runs on workers. */
    static final String RUNS = "learnbench-runs";

    static final String BUILD = "learnbench.build";
    static final String ROLE = "learnbench.role";
    static final String ADDRESS = "learnbench.address";

    /** Set to "info" (or another java.util.logging level) to see Hazelcast's own log. */
    static final String LOG_PROPERTY = "learnbench.cluster.log";

    private Members() {}

    /** Starts a member at {@code self}: a worker, or a coordinator (a lite member that holds no data). */
    static HazelcastInstance start(
            ClusterFile file, ClusterFile.Address self, boolean coordinator, MemberContext context) {
        Config c = new Config();
        c.setClusterName(context.secret.clusterName(file.name()));
        c.setInstanceName((coordinator ? "learnbench-coordinator-" : "learnbench-worker-") + self.port() + "-"
                + UUID.randomUUID().toString().substring(0, 8));
        c.setLiteMember(coordinator);
        c.setProperty("hazelcast.phone.home.enabled", "false");
        String log = System.getProperty(LOG_PROPERTY);
        c.setProperty("hazelcast.logging.type", log == null ? "none" : "jdk");
        if (log == null && System.getProperty("hazelcast.logging.type") == null) {
            // Hazelcast logs a warning about Java's module system before it reads any member's config.
            System.setProperty("hazelcast.logging.type", "none");
        }
        if (log != null) {
            java.util.logging.Logger.getLogger("com.hazelcast")
                    .setLevel(java.util.logging.Level.parse(log.toUpperCase(java.util.Locale.ROOT)));
        }
        c.setProperty("hazelcast.socket.bind.any", "false");
        // A machine that is switched off sends nothing: it is taken for gone after 15 s without a heartbeat.
        c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        c.setProperty("hazelcast.max.no.heartbeat.seconds", "15");
        c.setProperty("hazelcast.wait.seconds.before.join", "1");
        c.setProperty("hazelcast.max.wait.seconds.before.join", "3");
        NetworkConfig n = c.getNetworkConfig();
        n.setPort(self.port()).setPortAutoIncrement(false);
        n.getInterfaces().setEnabled(true).setInterfaces(List.of(self.ip().getHostAddress()));
        n.setPublicAddress(self.text());
        JoinConfig j = n.getJoin();
        j.getMulticastConfig().setEnabled(false);
        j.getAutoDetectionConfig().setEnabled(false);
        j.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(Math.min(5, file.joinTimeoutSeconds()));
        for (ClusterFile.Address m : file.members()) {
            j.getTcpIpConfig().addMember(m.text());
        }
        c.getMemberAttributeConfig().setAttribute(BUILD, context.build);
        c.getMemberAttributeConfig().setAttribute(ROLE, coordinator ? "coordinator" : "worker");
        c.getMemberAttributeConfig().setAttribute(ADDRESS, self.text());
        c.getExecutorConfig(RUNS).setPoolSize(file.runsPerMember());
        c.getExecutorConfig(Datasets.EXECUTOR).setPoolSize(2);
        // Only learnbench's, Java's and Hazelcast's own classes are ever deserialized from the wire.
        JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig();
        filter.getWhitelist().addPrefixes("org.learnbench.", "java.", "com.hazelcast.", "[");
        c.getSerializationConfig().setJavaSerializationFilterConfig(filter);
        ConcurrentHashMap<String, Object> user = new ConcurrentHashMap<>();
        user.put(MemberContext.KEY, context);
        c.setUserContext(user);
        try {
            return Hazelcast.newHazelcastInstance(c);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot start a cluster member at " + self + ": " + rootMessage(e), e);
        }
    }

    static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r.getMessage() == null ? r.getClass().getSimpleName() : r.getMessage();
    }

    /** True when the address is one of this machine's. */
    static boolean local(ClusterFile.Address a) {
        try {
            return a.ip().isLoopbackAddress() || NetworkInterface.getByInetAddress(a.ip()) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    /** True when nothing listens at the address yet (and this machine may listen there). */
    static boolean free(ClusterFile.Address a) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(a.ip(), a.port()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A member's build, role and address as its attributes say. */
    static String build(Member m) {
        return String.valueOf(m.getAttribute(BUILD));
    }

    static boolean worker(Member m) {
        return !m.isLiteMember() && "worker".equals(m.getAttribute(ROLE));
    }

    static String address(Member m) {
        String a = m.getAttribute(ADDRESS);
        return a == null ? m.getAddress().toString() : a;
    }
}
