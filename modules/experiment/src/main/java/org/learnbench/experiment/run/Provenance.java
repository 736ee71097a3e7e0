package org.learnbench.experiment.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Where a run's code and machine came from, for its manifest: the git commit of the working tree and
 * whether it had uncommitted changes, the Java and OS versions, the CPU count, and the versions of the
 * libraries on the class path.
 */
public final class Provenance {
    private static final String[][] DEPENDENCIES = {
        {"org.yaml", "snakeyaml"},
        {"com.fasterxml.jackson.core", "jackson-databind"},
        {"org.knowm.xchart", "xchart"},
        // These two compute results: Tribuo's reference models and Commons Math's CMA-ES.
        {"org.tribuo", "tribuo-core"},
        {"org.apache.commons", "commons-math3"},
    };

    private Provenance() {}

    /** The commit and dirty flag of the git work tree holding {@code folder}, or "unknown". */
    public static Map<String, Object> code(Path folder) {
        Map<String, Object> code = new LinkedHashMap<>();
        String commit = git(folder, "rev-parse", "HEAD");
        code.put("commit", commit == null ? "unknown" : commit.trim());
        String status = commit == null ? null : git(folder, "status", "--porcelain", "--untracked-files=no");
        code.put("dirty", status == null ? null : !status.isBlank());
        code.put("learnbench_version", version());
        return code;
    }

    /** The learnbench version from the jar manifest, or "development" when run from classes. */
    public static String version() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    private static String git(Path folder, String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = folder.toAbsolutePath().toString();
        System.arraycopy(args, 0, command, 3, args.length);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Java, OS and CPU facts. */
    public static Map<String, Object> machine(int threads) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("java_version", System.getProperty("java.version"));
        env.put("java_vendor", System.getProperty("java.vendor"));
        env.put("java_vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        env.put("arch", System.getProperty("os.arch"));
        env.put("cpu_model", cpuModel());
        env.put("cpus", Runtime.getRuntime().availableProcessors());
        env.put("threads", threads);
        // The two multiply kernels differ in the last bits, so a re-run must use the same one.
        env.put(
                "matrix_kernel",
                org.learnbench.matrix.MatrixOps.Kernel.preferred().name());
        return env;
    }

    /** The CPU's model name as Linux reports it, or "unknown" elsewhere. */
    static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        try {
            if (java.nio.file.Files.isReadable(cpuinfo)) {
                for (String line : java.nio.file.Files.readAllLines(cpuinfo)) {
                    if (line.startsWith("model name")) {
                        return line.substring(line.indexOf(':') + 1).trim();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
        return "unknown";
    }

    /** Versions of the libraries found on the class path. */
    public static Map<String, String> dependencies() {
        Map<String, String> deps = new LinkedHashMap<>();
        // picocli's jar carries no Maven metadata, but says its version itself.
        deps.put("info.picocli:picocli", picocli.CommandLine.VERSION);
        for (String[] d : DEPENDENCIES) {
            String resource = "META-INF/maven/" + d[0] + "/" + d[1] + "/pom.properties";
            try (InputStream in = Provenance.class.getClassLoader().getResourceAsStream(resource)) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    deps.put(d[0] + ":" + d[1], p.getProperty("version", "unknown"));
                }
            } catch (IOException e) {
                deps.put(d[0] + ":" + d[1], "unknown");
            }
        }
        return deps;
    }
}
