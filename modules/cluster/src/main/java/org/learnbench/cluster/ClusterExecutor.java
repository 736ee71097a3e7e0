package org.learnbench.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.RetryableException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.learnbench.experiment.config.ExperimentConfig;
import org.learnbench.experiment.config.TaskConfig;
import org.learnbench.experiment.run.ExperimentRunner;
import org.learnbench.experiment.run.RunDirectory;
import org.learnbench.experiment.run.RunRecord;
import org.learnbench.experiment.study.ClusterEngine;
import org.learnbench.experiment.study.StudyRun;

/**
 * The coordinator's executor: a lite member (it holds no data and computes nothing) that hands each run to
 * a worker with a free slot, and commits the files that come back into the results store, atomically, once
 * each. A worker that leaves (killed, switched off) fails its runs' futures with a member-left error: those
 * runs go back to the front of the queue and run elsewhere. Workers that join later get work too.
 *
 * <p>As the population scorer of runs computed here, it splits each batch of candidates into one share per
 * worker slot, and a share whose worker leaves is scored by another.
 */
final class ClusterExecutor implements ClusterEngine.Coordinator, ClusterEngine.Populations {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClusterFile file;
    private final HazelcastInstance instance;
    private final MemberContext context;
    private final PrintWriter log;
    private final Set<String> refused = new LinkedHashSet<>();

    ClusterExecutor(ClusterFile file, PrintWriter log) {
        this.file = file;
        this.log = log;
        ClusterFile.Address self = coordinatorAddress(file);
        this.context = new MemberContext(new Secret(file.secret()), BuildId.current(), self.text(), file.cacheFolder());
        this.instance = Members.start(file, self, true, context);
        try {
            awaitWorker();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The file's coordinator address, or the default port on the first address of this machine among members. */
    static ClusterFile.Address coordinatorAddress(ClusterFile file) {
        if (file.coordinator() != null) {
            if (!Members.local(file.coordinator())) {
                throw new IllegalArgumentException(
                        file.source() + ": coordinator " + file.coordinator() + " is not an address of this machine");
            }
            return file.coordinator();
        }
        for (ClusterFile.Address m : file.members()) {
            if (Members.local(m)) {
                for (int port = ClusterFile.DEFAULT_COORDINATOR_PORT;
                        port < ClusterFile.DEFAULT_COORDINATOR_PORT + 10;
                        port++) {
                    ClusterFile.Address a = new ClusterFile.Address(m.host(), m.ip(), port);
                    if (Members.free(a)) {
                        return a;
                    }
                }
            }
        }
        throw new IllegalArgumentException(file.source()
                + ": no member is on this machine, so say where the coordinator listens (coordinator: HOST:PORT,"
                + " an address of this machine that the workers can reach)");
    }

    private void awaitWorker() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(file.joinTimeoutSeconds());
        while (workers().isEmpty()) {
            if (System.nanoTime() > deadline) {
                if (!refused.isEmpty()) {
                    throw new IllegalArgumentException("refused: every worker runs another learnbench build than this"
                            + " coordinator (" + context.build + "): " + String.join(", ", refused)
                            + "; run the same build on every machine");
                }
                throw new IllegalArgumentException("no worker of cluster '" + file.name() + "' answered within "
                        + file.joinTimeoutSeconds() + " s at " + file.members() + " (" + file.source()
                        + "): start 'learnbench worker --cluster FILE' on those machines, and check that every"
                        + " machine has the same secret and cluster name and that the firewall lets the ports through");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a worker", e);
            }
        }
    }

    /** The workers of this build; those of another build are named once and never given work. */
    private List<Member> workers() {
        List<Member> ok = new ArrayList<>();
        for (Member m : instance.getCluster().getMembers()) {
            if (!Members.worker(m)) {
                continue;
            }
            if (Members.build(m).equals(context.build)) {
                ok.add(m);
            } else if (refused.add(Members.address(m) + " (build " + Members.build(m) + ")")) {
                log.println("learnbench: refused the worker at " + Members.address(m) + ": it runs learnbench build "
                        + Members.build(m) + ", this coordinator " + context.build);
            }
        }
        return ok;
    }

    @Override
    public int parallelism() {
        return file.runsPerMember();
    }

    @Override
    public <T> void executeAll(List<Callable<T>> jobs, Consumer<Finished<T>> done) {
        throw new UnsupportedOperationException("a cluster executes study runs (executeRuns), not arbitrary jobs");
    }

    /** The outcome of one task: the job's index, the member that had it, and its files or its failure. */
    private record Outcome(int index, UUID member, RunFiles files, Throwable failure) {}

    @Override
    public void executeRuns(ExperimentRunner runner, List<RunJob> jobs, Consumer<Finished<RunRecord>> done)
            throws InterruptedException {
        List<RunTask> tasks = new ArrayList<>();
        for (RunJob j : jobs) {
            ExperimentConfig config = j.run().config();
            if (config.task() instanceof TaskConfig.Csv csv) {
                context.offered.put(csv.sha256(), csv.dataset().toAbsolutePath().normalize());
            } else if (config.task() instanceof TaskConfig.Text text) {
                context.offered.put(
                        text.sha256(), text.dataset().toAbsolutePath().normalize());
            }
            try {
                tasks.add(RunTask.of(
                        context.secret,
                        context.build,
                        j.run().label(),
                        config,
                        j.run().seed(),
                        file.threadsPerRun(),
                        instance.getCluster().getLocalMember().getUuid().toString()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        Deque<Integer> queue = new ArrayDeque<>();
        for (int i = 0; i < jobs.size(); i++) {
            queue.add(i);
        }
        Map<UUID, Integer> busy = new HashMap<>();
        BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
        int finished = 0;
        long[] submitted = new long[jobs.size()];
        long started = System.nanoTime();
        double overheadSeconds = 0;
        int computed = 0;
        Set<UUID> used = new java.util.HashSet<>();
        long waitingSince = System.nanoTime();
        boolean said = false;
        while (finished < jobs.size()) {
            List<Member> workers = workers();
            for (Member m : workers) {
                while (busy.getOrDefault(m.getUuid(), 0) < file.runsPerMember() && !queue.isEmpty()) {
                    int index = queue.poll();
                    busy.merge(m.getUuid(), 1, Integer::sum);
                    UUID member = m.getUuid();
                    used.add(member);
                    submitted[index] = System.nanoTime();
                    instance.getExecutorService(Members.RUNS)
                            .submitToMember(tasks.get(index), m, new com.hazelcast.core.ExecutionCallback<RunFiles>() {
                                @Override
                                public void onResponse(RunFiles files) {
                                    outcomes.add(new Outcome(index, member, files, null));
                                }

                                @Override
                                public void onFailure(Throwable failure) {
                                    outcomes.add(new Outcome(index, member, null, failure));
                                }
                            });
                }
            }
            Outcome o = outcomes.poll(1, TimeUnit.SECONDS);
            if (o == null) {
                if (!workers.isEmpty()) {
                    waitingSince = System.nanoTime();
                    said = false;
                } else if (!said
                        && System.nanoTime() - waitingSince > TimeUnit.SECONDS.toNanos(file.joinTimeoutSeconds())) {
                    log.println("learnbench: no worker in the cluster; waiting for one to join (" + queue.size()
                            + " runs queued)");
                    said = true;
                }
                continue;
            }
            busy.merge(o.member(), -1, Integer::sum);
            RunJob job = jobs.get(o.index());
            Throwable failure = unwrap(o.failure());
            if (failure != null && memberLost(failure)) {
                queue.addFirst(o.index());
                log.println(
                        "learnbench: a worker left during " + job.run().label() + "; the run goes back to the queue");
                continue;
            }
            finished++;
            if (failure != null) {
                done.accept(new Finished<>(o.index(), null, asException(failure)));
                continue;
            }
            RunRecord record;
            try {
                record = commit(job, tasks.get(o.index()), o.files());
            } catch (IOException | RuntimeException e) {
                done.accept(new Finished<>(o.index(), null, e));
                continue;
            }
            // What the cluster adds to a run: sending the task, returning and committing its files.
            overheadSeconds +=
                    (System.nanoTime() - submitted[o.index()] - o.files().workerNanos()) / 1e9;
            computed++;
            done.accept(new Finished<>(o.index(), record, null));
        }
        if (computed > 0) {
            log.printf(
                    java.util.Locale.ROOT,
                    "learnbench: %d runs on %d workers in %.1f s; coordination overhead %.0f ms per run (sending the"
                            + " task, returning and committing its files)%n",
                    computed,
                    used.size(),
                    (System.nanoTime() - started) / 1e9,
                    1000 * overheadSeconds / computed);
        }
    }

    private static Throwable unwrap(Throwable t) {
        Throwable r = t;
        while ((r instanceof CompletionException || r instanceof ExecutionException) && r.getCause() != null) {
            r = r.getCause();
        }
        return r;
    }

    /** True for the failures that mean the member went away, not that the run failed. */
    private static boolean memberLost(Throwable t) {
        return t instanceof MemberLeftException
                || t instanceof TargetNotMemberException
                || t instanceof HazelcastInstanceNotActiveException
                || t instanceof RetryableException;
    }

    private static Exception asException(Throwable t) {
        return t instanceof Exception e ? e : new IllegalStateException(t.toString(), t);
    }

    /** Checks the worker's signature and writes the run's files into its folder, atomically. */
    private RunRecord commit(RunJob job, RunTask task, RunFiles files) throws IOException {
        if (!context.secret.verify(
                files.signature(), RunFiles.signed(task.signature, files.member(), files.build(), files.files()))) {
            throw new SecurityException("refused the result of " + job.run().label() + " from " + files.member()
                    + ": it is not signed with this cluster's secret");
        }
        if (!files.files().containsKey("manifest.json") || !files.files().containsKey("metrics.csv")) {
            throw new IllegalStateException(
                    files.member() + " sent " + job.run().label() + " without its manifest or metrics");
        }
        Path folder = job.folder();
        RunDirectory dir =
                RunDirectory.begin(folder.getParent(), folder.getFileName().toString());
        try {
            for (Map.Entry<String, byte[]> f : files.files().entrySet()) {
                String name = f.getKey();
                if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                    throw new IllegalStateException(files.member() + " sent a file named '" + name + "'");
                }
                Files.write(dir.workingFolder().resolve(name), f.getValue());
            }
            Path committed = dir.commit();
            @SuppressWarnings("unchecked")
            Map<String, Object> manifest = JSON.readValue(files.files().get("manifest.json"), LinkedHashMap.class);
            StudyRun run = job.run();
            return new RunRecord(run.seed(), committed, ManifestResult.of(manifest), manifest);
        } catch (IOException | RuntimeException e) {
            dir.abandon();
            throw e;
        }
    }

    @Override
    public org.learnbench.optim.PopulationScorer open(ExperimentConfig config, long seed) {
        if (config.task() instanceof TaskConfig.Csv csv) {
            context.offered.put(csv.sha256(), csv.dataset().toAbsolutePath().normalize());
        } else if (config.task() instanceof TaskConfig.Text text) {
            context.offered.put(text.sha256(), text.dataset().toAbsolutePath().normalize());
        }
        RunTask run;
        try {
            run = RunTask.of(
                    context.secret,
                    context.build,
                    config.name() + " seed " + seed,
                    config,
                    seed,
                    file.threadsPerRun(),
                    instance.getCluster().getLocalMember().getUuid().toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return (genomes, cases, fitness) -> {
            try {
                return score(run, genomes, cases, fitness);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the cluster scored a population", e);
            }
        };
    }

    /** A share of a batch: candidates [from, to), and where it is being scored. */
    private record Share(int from, int to) {}

    private record Scored(Share share, UUID member, ScoreTask.Scores scores, Throwable failure) {}

    private org.learnbench.optim.PopulationScorer.Work score(
            RunTask run, double[][] genomes, org.learnbench.optim.FitnessCase[] cases, double[] fitness)
            throws InterruptedException {
        List<Member> workers = workers();
        while (workers.isEmpty()) {
            Thread.sleep(200);
            workers = workers();
        }
        int shares = Math.min(genomes.length, workers.size() * file.runsPerMember());
        Deque<Share> queue = new ArrayDeque<>();
        for (int k = 0; k < shares; k++) {
            queue.add(new Share(
                    (int) ((long) k * genomes.length / shares), (int) ((long) (k + 1) * genomes.length / shares)));
        }
        Map<Share, ScoreTask> tasks = new HashMap<>();
        Map<UUID, Integer> busy = new HashMap<>();
        BlockingQueue<Scored> outcomes = new LinkedBlockingQueue<>();
        org.learnbench.optim.PopulationScorer.Work total =
                new org.learnbench.optim.PopulationScorer.Work(0, 0, 0, 0, 0);
        int done = 0;
        while (done < shares) {
            for (Member m : workers()) {
                while (busy.getOrDefault(m.getUuid(), 0) < file.runsPerMember() && !queue.isEmpty()) {
                    Share share = queue.poll();
                    ScoreTask task = tasks.computeIfAbsent(
                            share,
                            s -> ScoreTask.of(
                                    context.secret,
                                    run,
                                    java.util.Arrays.copyOfRange(genomes, s.from(), s.to()),
                                    cases));
                    busy.merge(m.getUuid(), 1, Integer::sum);
                    UUID member = m.getUuid();
                    instance.getExecutorService(Members.RUNS)
                            .submitToMember(task, m, new com.hazelcast.core.ExecutionCallback<ScoreTask.Scores>() {
                                @Override
                                public void onResponse(ScoreTask.Scores scores) {
                                    outcomes.add(new Scored(share, member, scores, null));
                                }

                                @Override
                                public void onFailure(Throwable failure) {
                                    outcomes.add(new Scored(share, member, null, failure));
                                }
                            });
                }
            }
            Scored o = outcomes.poll(1, TimeUnit.SECONDS);
            if (o == null) {
                continue;
            }
            busy.merge(o.member(), -1, Integer::sum);
            Throwable failure = unwrap(o.failure());
            if (failure != null && memberLost(failure)) {
                queue.addFirst(o.share());
                log.println("learnbench: a worker left while scoring candidates of " + run.label
                        + "; they are scored elsewhere");
                continue;
            }
            if (failure != null) {
                throw new IllegalStateException(
                        "scoring candidates of " + run.label + " failed on a worker: " + failure.getMessage(), failure);
            }
            ScoreTask task = tasks.get(o.share());
            long[] w = o.scores().work();
            if (!context.secret.verify(
                            o.scores().signature(),
                            ScoreTask.Scores.parts(task.signature, o.scores().fitness(), w))
                    || o.scores().fitness().length != o.share().to() - o.share().from()
                    || w.length != 5) {
                throw new SecurityException(
                        "refused scores of " + run.label + ": not signed with this cluster's secret");
            }
            System.arraycopy(
                    o.scores().fitness(),
                    0,
                    fitness,
                    o.share().from(),
                    o.scores().fitness().length);
            total = total.plus(new org.learnbench.optim.PopulationScorer.Work(w[0], w[1], w[2], w[3], w[4]));
            done++;
        }
        return total;
    }

    @Override
    public void close() {
        if (instance.getLifecycleService().isRunning()) {
            instance.shutdown();
        }
    }
}
