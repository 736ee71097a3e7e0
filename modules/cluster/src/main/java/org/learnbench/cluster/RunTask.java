package org.learnbench.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.learnbench.experiment.config.ConfigHash;
import org.learnbench.experiment.config.ConfigReader;
import org.learnbench.experiment.config.ExperimentConfig;
import org.learnbench.experiment.config.TaskConfig;
import org.learnbench.experiment.run.ExperimentRunner;
import org.learnbench.experiment.run.RunDirectory;
import org.learnbench.experiment.run.RunRecord;

/**
 * One run of a study as it travels to a worker: the run's resolved config (what a manifest records, read
 * back through the same declarations), its seed and threads, its dataset by content hash, and the
 * coordinator's signature over all of it. The worker refuses a task that the cluster's secret did not sign
 * or that another build made, computes the run in a scratch folder and sends its files back, signed.
 */
final class RunTask implements Callable<RunFiles>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    final String build;
    final String label;
    final String resolvedJson;
    final String source;
    final String configHash;
    final long seed;
    final int threads;
    final DatasetRef dataset;
    final byte[] signature;
    private transient HazelcastInstance instance;

    private RunTask(
            String build,
            String label,
            String resolvedJson,
            String source,
            String configHash,
            long seed,
            int threads,
            DatasetRef dataset,
            byte[] signature) {
        this.build = build;
        this.label = label;
        this.resolvedJson = resolvedJson;
        this.source = source;
        this.configHash = configHash;
        this.seed = seed;
        this.threads = threads;
        this.dataset = dataset;
        this.signature = signature;
    }

    /** The task of one run, signed with the secret. */
    static RunTask of(
            Secret secret,
            String build,
            String label,
            ExperimentConfig config,
            long seed,
            int threads,
            String coordinator)
            throws IOException {
        String json = JSON.writeValueAsString(config.resolved());
        DatasetRef data = null;
        if (config.task() instanceof TaskConfig.Csv csv) {
            data = new DatasetRef(
                    csv.sha256(),
                    csv.dataset().getFileName().toString(),
                    csv.dataset().toAbsolutePath().normalize().toString(),
                    coordinator);
        } else if (config.task() instanceof TaskConfig.Text text) {
            data = new DatasetRef(
                    text.sha256(),
                    text.dataset().getFileName().toString(),
                    text.dataset().toAbsolutePath().normalize().toString(),
                    coordinator);
        }
        String source = config.source().toAbsolutePath().normalize().toString();
        String hash = ConfigHash.of(config);
        RunTask unsigned = new RunTask(build, label, json, source, hash, seed, threads, data, null);
        return new RunTask(build, label, json, source, hash, seed, threads, data, secret.sign(unsigned.parts()));
    }

    /** A copy with another signature (what a member without the secret could send; for tests). */
    RunTask withSignature(byte[] other) {
        return new RunTask(build, label, resolvedJson, source, configHash, seed, threads, dataset, other);
    }

    byte[][] parts() {
        return new byte[][] {
            Secret.bytes("run"),
            Secret.bytes(build),
            Secret.bytes(label),
            Secret.bytes(resolvedJson),
            Secret.bytes(source),
            Secret.bytes(configHash),
            Secret.bytes(Long.toString(seed)),
            Secret.bytes(Integer.toString(threads)),
            Secret.bytes(dataset == null ? "" : dataset.text())
        };
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.instance = hazelcastInstance;
    }

    @Override
    public RunFiles call() throws IOException, InterruptedException {
        long start = System.nanoTime();
        MemberContext context = MemberContext.of(instance);
        check(context);
        ExperimentConfig config = config(instance, context);
        if (!ConfigHash.of(config).equals(configHash)) {
            throw new IllegalStateException(label + ": the config rebuilt on " + context.address
                    + " hashes differently from the coordinator's");
        }
        Path scratch = context.cache.resolve("runs").resolve(UUID.randomUUID().toString());
        try {
            Map<String, Object> cluster = new LinkedHashMap<>();
            cluster.put("member", context.address);
            cluster.put("build", context.build);
            cluster.put(
                    "hazelcast",
                    com.hazelcast.instance.BuildInfoProvider.getBuildInfo().getVersion());
            RunRecord record = new ExperimentRunner(scratch)
                    .runInto(scratch.resolve("run"), config, seed, threads, List.of(), Map.of("cluster", cluster));
            LinkedHashMap<String, byte[]> files = new LinkedHashMap<>();
            List<Path> written = new ArrayList<>();
            try (Stream<Path> list = Files.list(record.directory())) {
                list.filter(Files::isRegularFile).sorted().forEach(written::add);
            }
            for (Path f : written) {
                files.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
            byte[] signed = context.secret.sign(RunFiles.signed(signature, context.address, context.build, files));
            return new RunFiles(context.address, context.build, files, System.nanoTime() - start, signed);
        } finally {
            if (Files.exists(scratch)) {
                RunDirectory.deleteRecursively(scratch);
            }
        }
    }

    /** Checks that the secret signed this task and that this member runs its build; throws if not. */
    void check(MemberContext context) {
        if (!context.secret.verify(signature, parts())) {
            throw new SecurityException("refused " + label + ": the task is not signed with this cluster's secret");
        }
        if (!build.equals(context.build)) {
            throw new IllegalStateException("refused " + label + ": it comes from learnbench build " + build
                    + ", and this worker (" + context.address + ") runs build " + context.build
                    + "; run the same build on every machine");
        }
    }

    /** The run's experiment, rebuilt from its resolved config with the dataset at its local copy. */
    @SuppressWarnings("unchecked")
    ExperimentConfig config(HazelcastInstance instance, MemberContext context)
            throws IOException, InterruptedException {
        Map<String, Object> resolved = JSON.readValue(resolvedJson, LinkedHashMap.class);
        Path local = null;
        String location = null;
        if (dataset != null) {
            local = Datasets.local(instance, context, dataset);
            Map<String, Object> task = new LinkedHashMap<>((Map<String, Object>) resolved.get("task"));
            location = String.valueOf(task.get("dataset"));
            task.put("dataset", local.toAbsolutePath().toString());
            resolved.put("task", task);
        }
        Path file = Path.of(source);
        return relocated(ConfigReader.fromResolved(resolved, file, file), local, location);
    }

    /**
     * The experiment with its dataset read from {@code local} on this member, keeping {@code location}, the
     * path the study wrote (the manifest records it; the content is the same by its digest), and every other
     * task setting (an image CSV's shape and scaling, a text task's tokenizer and vocabulary); unchanged for
     * a task without a shipped dataset.
     */
    static ExperimentConfig relocated(ExperimentConfig c, Path local, String location) {
        TaskConfig task = c.task();
        TaskConfig same;
        if (task instanceof TaskConfig.Csv csv) {
            same = new TaskConfig.Csv(
                    local,
                    location,
                    csv.sha256(),
                    csv.columns(),
                    csv.split(),
                    csv.banditWrongReward(),
                    csv.banditSigma(),
                    csv.image(),
                    csv.scaling());
        } else if (task instanceof TaskConfig.Text text) {
            same = new TaskConfig.Text(
                    local, location, text.sha256(), text.spec(), text.split(), text.banditWrongReward());
        } else {
            return c;
        }
        return new ExperimentConfig(
                c.source(),
                c.name(),
                c.description(),
                same,
                c.network(),
                c.optimizer(),
                c.budget(),
                c.checkpoints(),
                c.seeds(),
                c.threads());
    }

    /**
     * A dataset by content: its sha256, file name, where the coordinator has it (a shared folder may hold it
     * at the same path) and the coordinator that serves it.
     */
    record DatasetRef(String sha256, String name, String path, String coordinator) implements Serializable {
        private static final long serialVersionUID = 1L;

        String text() {
            return sha256 + "|" + name + "|" + path + "|" + coordinator;
        }
    }
}
