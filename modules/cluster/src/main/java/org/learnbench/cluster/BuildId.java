package org.learnbench.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What identifies a learnbench build for the cluster: the SHA-256 of the code that computes runs (the
 * runnable jar, or each module's classes when run from a build tree), so that members of different builds
 * refuse each other instead of mixing their results in one study.
 */
public final class BuildId {
    /**
     * A system property that replaces the computed id: for tests that need a member of "another build"
     * without building one. A user who sets it only mislabels their own member.
     */
    public static final String OVERRIDE = "learnbench.cluster.build";

    /** One class of each module whose code changes results or the cluster's protocol. */
    private static final List<Class<?>> MODULES = List.of(
            org.learnbench.matrix.MatrixOps.class,
            org.learnbench.nn.Network.class,
            org.learnbench.optim.RunLoop.class,
            org.learnbench.tasks.SupervisedProblem.class,
            org.learnbench.optim.gd.EarlyStopping.class,
            org.learnbench.optim.ga.GeneticAlgorithm.class,
            org.learnbench.optim.cmaes.CmaEs.class,
            org.learnbench.optim.pg.PolicyGradient.class,
            org.learnbench.experiment.config.ConfigHash.class,
            BuildId.class);

    private static volatile String computed;

    private BuildId() {}

    /** This process's build id: 16 hex digits. */
    public static String current() {
        String override = System.getProperty(OVERRIDE);
        if (override != null && !override.isBlank()) {
            return override.strip();
        }
        String id = computed;
        if (id == null) {
            id = compute();
            computed = id;
        }
        return id;
    }

    private static String compute() {
        Set<Path> locations = new LinkedHashSet<>();
        for (Class<?> c : MODULES) {
            try {
                locations.add(Path.of(
                        c.getProtectionDomain().getCodeSource().getLocation().toURI()));
            } catch (URISyntaxException | RuntimeException e) {
                throw new IllegalStateException("cannot locate the code of " + c.getName(), e);
            }
        }
        MessageDigest digest = sha256();
        for (Path p : locations) {
            try {
                if (Files.isDirectory(p)) {
                    List<Path> files = new ArrayList<>();
                    try (Stream<Path> walk = Files.walk(p)) {
                        walk.filter(Files::isRegularFile)
                                .filter(f -> f.toString().endsWith(".class"))
                                .forEach(files::add);
                    }
                    files.sort(null);
                    for (Path f : files) {
                        digest.update(p.relativize(f)
                                .toString()
                                .replace('\\', '/')
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        digest.update(Files.readAllBytes(f));
                    }
                } else {
                    try (InputStream in = Files.newInputStream(p)) {
                        byte[] buffer = new byte[1 << 16];
                        for (int n; (n = in.read(buffer)) > 0; ) {
                            digest.update(buffer, 0, n);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p + " to identify the build", e);
            }
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
