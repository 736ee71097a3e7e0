package org.learnbench.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Cluster files for tests on 127.0.0.1, with ports that are free now, and worker JVMs on this class path. */
final class Loopback {
    static final String SECRET = "a shared secret for tests only";

    private Loopback() {}

    /** n free loopback ports. */
    static List<Integer> ports(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                ports.add(s.getLocalPort());
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        return ports;
    }

    /** A cluster file with these worker ports and a coordinator port, and further lines. */
    static Path clusterFile(
            Path folder, String name, String secret, List<Integer> workers, int coordinator, String more)
            throws IOException {
        StringBuilder s = new StringBuilder("cluster: test\nsecret: \"" + secret + "\"\nmembers:\n");
        for (int p : workers) {
            s.append("  - 127.0.0.1:").append(p).append('\n');
        }
        s.append("coordinator: 127.0.0.1:").append(coordinator).append('\n');
        s.append("cache: cache-").append(name).append('\n');
        s.append(more);
        return Files.writeString(folder.resolve(name), s.toString());
    }

    /** Starts {@code learnbench worker} in a JVM of its own, its output in {@code log}. */
    static Process worker(Path clusterFile, int port, Path log, String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-modules");
        command.add("jdk.incubator.vector");
        command.add("-Djava.awt.headless=true");
        command.add("-Xmx1g");
        command.addAll(List.of(jvmOptions));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("org.learnbench.experiment.cli.Learnbench");
        command.add("worker");
        command.add("--cluster");
        command.add(clusterFile.toString());
        command.add("--address");
        command.add("127.0.0.1:" + port);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Waits until the log says the worker joined, or fails with the log. */
    static void awaitJoined(Process p, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains("joined cluster")) {
                return;
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the worker did not join: " + (Files.exists(log) ? Files.readString(log) : "no log"));
    }
}
