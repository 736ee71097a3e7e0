package org.learnbench.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A worker: a cluster member that computes the runs coordinators send it, {@code runs_per_member} at once,
 * until it is stopped. It refuses to stay in a cluster whose workers run another build.
 */
final class Worker implements AutoCloseable {
    private final HazelcastInstance instance;
    private final ClusterFile.Address self;

    private Worker(HazelcastInstance instance, ClusterFile.Address self) {
        this.instance = instance;
        this.self = self;
    }

    /** Starts a worker at {@code address} (one of the file's members) or the first free one of this machine. */
    static Worker start(ClusterFile file, String address, PrintWriter log) {
        ClusterFile.Address self = choose(file, address);
        MemberContext context =
                new MemberContext(new Secret(file.secret()), BuildId.current(), self.text(), file.cacheFolder());
        HazelcastInstance instance = Members.start(file, self, false, context);
        for (Member m : instance.getCluster().getMembers()) {
            if (!m.localMember() && Members.worker(m) && !Members.build(m).equals(context.build)) {
                instance.getLifecycleService().terminate();
                throw new IllegalArgumentException("refused: this worker runs learnbench build " + context.build
                        + ", but the worker at " + Members.address(m) + " runs build " + Members.build(m)
                        + "; a study must not mix builds, so run the same learnbench on every machine");
            }
        }
        instance.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                log.println("learnbench worker " + self + ": " + role(e.getMember()) + " "
                        + Members.address(e.getMember()) + " joined");
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                log.println("learnbench worker " + self + ": " + role(e.getMember()) + " "
                        + Members.address(e.getMember()) + " left");
            }
        });
        log.println("learnbench worker " + self + ": joined cluster '" + file.name() + "' ("
                + instance.getCluster().getMembers().size() + " members), build " + context.build + ", up to "
                + file.runsPerMember() + " runs at once with " + file.threadsPerRun()
                + " threads each; stop with Ctrl-C");
        return new Worker(instance, self);
    }

    private static String role(Member m) {
        return m.isLiteMember() ? "coordinator" : "worker";
    }

    /** The address given, checked to be a member's, or the first member address of this machine that is free. */
    static ClusterFile.Address choose(ClusterFile file, String address) {
        if (address != null) {
            for (ClusterFile.Address m : file.members()) {
                if (m.toString().equals(address) || m.text().equals(address)) {
                    if (!Members.local(m)) {
                        throw new IllegalArgumentException("--address " + address + ": not an address of this machine");
                    }
                    return m;
                }
            }
            throw new IllegalArgumentException("--address " + address + ": not one of the members in " + file.source()
                    + " (" + file.members() + ")");
        }
        List<ClusterFile.Address> mine =
                file.members().stream().filter(Members::local).toList();
        if (mine.isEmpty()) {
            throw new IllegalArgumentException(file.source() + ": none of the members " + file.members()
                    + " is an address of this machine; add this machine's address to members:");
        }
        return mine.stream()
                .filter(Members::free)
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException(file.source() + ": every member address of this machine "
                                + mine + " is taken (is a worker already running here?)"));
    }

    String address() {
        return self.text();
    }

    HazelcastInstance instance() {
        return instance;
    }

    /** Waits until the member shuts down (or the thread is interrupted, which shuts it down). */
    void await() throws InterruptedException {
        CountDownLatch down = new CountDownLatch(1);
        instance.getLifecycleService().addLifecycleListener(e -> {
            if (e.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                down.countDown();
            }
        });
        try {
            while (instance.getLifecycleService().isRunning()) {
                if (down.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                    return;
                }
            }
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        if (instance.getLifecycleService().isRunning()) {
            instance.getLifecycleService().terminate();
        }
    }

    /** The command: a worker until stopped. */
    static void run(Path clusterFile, String address, PrintWriter log) throws InterruptedException {
        Worker w = start(ClusterFile.read(clusterFile), address, log);
        w.await();
    }
}
